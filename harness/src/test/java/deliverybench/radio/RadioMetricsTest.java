package deliverybench.radio;

import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.options.RunOptions;
import deliverybench.options.WorkloadOptions;
import deliverybench.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The slowest periodic event, which says whether a window is long enough to extrapolate to an hour. */
class RadioMetricsTest {

    private static WorkloadOptions workload(String... args) {
        return RunOptions.parse(args).workload();
    }

    private static double slowest(String strategy, WorkloadOptions workload, HeartbeatPolicy heartbeat) {
        return RadioMetrics.slowestPeriodS(Strategies.byName(strategy).wakeups(workload.shape(Double.NaN), heartbeat),
                workload);
    }

    @Test
    void theSlowestPeriodIsTheMessagesOrTheStrategysScheduleWhenLonger() {
        HeartbeatPolicy none = HeartbeatPolicy.NONE;
        // 200 clients at 100 msg/s: a message every 2 s per device
        WorkloadOptions quick = workload("--clients", "200", "--rate", "100", "--poll-interval", "1s");
        assertEquals(2, slowest("short-poll", quick, none), 1e-9);
        assertEquals(2, slowest("long-poll", quick, none), 1e-9);
        assertEquals(2, slowest("websocket", quick, none), 1e-9);

        WorkloadOptions slowPolls = workload("--clients", "200", "--rate", "100", "--poll-interval", "30s");
        assertEquals(30, slowest("short-poll", slowPolls, none), 1e-9);
        assertEquals(2, slowest("sse", slowPolls, none), 1e-9);

        HeartbeatPolicy every270s = HeartbeatPolicy.fixed(Duration.ofSeconds(270), Duration.ofSeconds(10));
        assertEquals(270, slowest("websocket", quick, every270s), 1e-9);
        assertEquals(270, slowest("mqtt", quick, every270s), 1e-9);
        // A poll is its own heartbeat; a stream's keep-alive ends at a message.
        assertEquals(30, slowest("short-poll", slowPolls, every270s), 1e-9);
        assertEquals(2, slowest("sse", quick, every270s), 1e-9);
    }
}
