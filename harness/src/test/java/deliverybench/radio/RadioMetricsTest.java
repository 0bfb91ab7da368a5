package deliverybench.radio;

import deliverybench.options.RunOptions;
import deliverybench.options.WorkloadOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The slowest periodic event, which says whether a window is long enough to extrapolate to an hour. */
class RadioMetricsTest {

    private static WorkloadOptions workload(String... args) {
        return RunOptions.parse(args).workload();
    }

    @Test
    void theSlowestPeriodIsTheMessagesOrAShortPollIntervalWhenLonger() {
        // 200 clients at 100 msg/s: a message every 2 s per device
        WorkloadOptions quick = workload("--clients", "200", "--rate", "100", "--poll-interval", "1s");
        assertEquals(2, RadioMetrics.slowestPeriodS("short-poll", quick), 1e-9);
        assertEquals(2, RadioMetrics.slowestPeriodS("long-poll", quick), 1e-9);
        assertEquals(2, RadioMetrics.slowestPeriodS("websocket", quick), 1e-9);

        WorkloadOptions slowPolls = workload("--clients", "200", "--rate", "100", "--poll-interval", "30s");
        assertEquals(30, RadioMetrics.slowestPeriodS("short-poll", slowPolls), 1e-9);
        assertEquals(2, RadioMetrics.slowestPeriodS("sse", slowPolls), 1e-9);
    }
}
