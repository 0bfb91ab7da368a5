package deliverybench.run;

import deliverybench.metric.Metric;
import deliverybench.options.RunOptions;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mobile-like run, small and short: every push strategy and long poll on LTE behind a NAT that forgets a
 * connection idle 2 s, with a heartbeat every 3 s (longer than the NAT: drops happen and are found). Nothing lost.
 */
@Tag("spawned")
class HeartbeatRunTest {

    @Test
    void onLteBehindAForgetfulNatDeadConnectionsAreFoundByHeartbeatAndNothingIsLost(@TempDir Path results) throws Exception {
        List<Strategy> strategies = Stream.of("long-poll", "websocket", "tcp", "sse", "stream", "mqtt", "xmpp")
                .map(Strategies::byName).toList();
        // The sender's one connection carries a send every 200 ms, so the NAT never forgets it; each device hears
        // a message about every 3 s. Long poll waits 1 s, under the NAT's 2 s.
        RunOptions config = RunOptions.parse(strategies, "--network", "lte", "--nat-idle", "2s", "--heartbeat", "3s",
                "--heartbeat-deadline", "500ms", "--clients", "10", "--rate", "5", "--arrival", "constant",
                "--sender-connections", "1", "--duration", "4s", "--warmup", "1s", "--warmup-max", "4s",
                "--poll-wait", "1s", "--grace", "2s", "--connect-rate", "1000", "--server-jvm-args", "-Xmx256m");
        RunResult run = new BenchmarkRun(config, BenchmarkRun.newRunDir(results), line -> { }).execute();

        assertTrue(run.completed(), "run failed: " + run.failure());
        double waited = 0;
        for (StrategyResult result : run.strategies()) {
            String name = result.strategy();
            assertEquals(0, result.get(Metric.LOST), name + " lost");
            assertEquals(result.get(Metric.SENT), result.get(Metric.DELIVERED), name + " delivered");
            if (name.equals("long-poll")) {
                assertEquals(0, result.get(Metric.HEARTBEATS), "long poll has no heartbeat");
                continue;
            }
            System.out.printf("%s: heartbeats %.0f, dead found %.0f, reconnects %.0f, waited %.0f (mean %.0f us)%n", name,
                    result.get(Metric.HEARTBEATS), result.get(Metric.DEAD_FOUND_BY_HEARTBEAT), result.get(Metric.RECONNECTS),
                    result.get(Metric.DEAD_WAITED), result.get(Metric.DEAD_WAIT_MEAN_US));
            if (!name.equals("sse") && !name.equals("stream")) {
                // SSE's and streaming's heartbeats are the server's keep-alives as heard: after 3 s of silence, a NAT
                // that forgets at 2 s swallows them all, so they may count none here.
                assertTrue(result.get(Metric.HEARTBEATS) > 0, name + " sent no heartbeat");
                assertTrue(result.get(Metric.HEARTBEATS_PER_DEVICE_HOUR) > 0, name);
            }
            assertTrue(result.get(Metric.DEAD_FOUND_BY_HEARTBEAT) > 0, name + " found no dead connection");
            assertTrue(result.get(Metric.RECONNECTS) > 0, name + " never reconnected");
            waited += result.get(Metric.DEAD_WAITED);
        }
        assertTrue(waited > 0, "no message waited on a dead connection");
    }
}
