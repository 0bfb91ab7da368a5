package deliverybench.run;

import deliverybench.options.RunOptions;
import deliverybench.metric.Metric;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.schedule.Arrival;
import deliverybench.strategy.Strategies;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short real run on two gateways and a redis-server, all spawned: one gateway is killed and nothing is lost. */
@Tag("redis") @Tag("spawned")
class ClusterRunTest {

    @Test
    void aKilledGatewaysClientsMoveToAnotherAndLoseNothing(@TempDir Path results) throws Exception {
        RunOptions config = RunOptions.parse("--strategy", "websocket", "--clients", "20", "--rate", "40",
                "--arrival", "constant", "--duration", "3s", "--warmup", "1s", "--warmup-max", "3s", "--poll-interval", "500ms",
                "--poll-wait", "5s", "--connect-rate", "1000", "--grace", "3s", "--sender-connections", "2",
                "--chaos", "kill-gateway@1s", "--gateways", "2", "--routing", "map", "--no-single",
                "--gateway-jvm-args", "-Xmx128m", "--server-jvm-args", "-Xmx128m");
        RunResult run = new BenchmarkRun(config, BenchmarkRun.newRunDir(results), line -> { }).execute();

        assertTrue(run.completed(), "run failed: " + run.failure());
        StrategyResult result = run.find("websocket@map");
        assertTrue(result.get(Metric.SENT) > 100, "sent " + result.get(Metric.SENT));
        assertEquals(0, result.get(Metric.LOST), "lost");
        assertEquals(0, result.get(Metric.DUPLICATES), "duplicates");
        assertEquals(0, result.get(Metric.OUT_OF_ORDER), "out of order");
        // A send in flight to the killed gateway may have been stored with its answer lost: counted a send error,
        // and still delivered. Nothing reported sent goes missing.
        assertTrue(result.get(Metric.DELIVERED) >= result.get(Metric.SENT), "delivered");
        assertTrue(result.get(Metric.DELIVERED) <= result.get(Metric.SENT) + result.get(Metric.SEND_ERRORS), "delivered");
        // The killed gateway held half the clients: each came back through the other.
        assertEquals(10, result.get(Metric.RECONNECTS), "reconnects");
        assertEquals(2, result.get(Metric.GATEWAYS));
        assertTrue(result.get(Metric.CROSS_GATEWAY_SHARE) > 0.2, "cross-gateway share " + result.get(Metric.CROSS_GATEWAY_SHARE));
        assertTrue(result.get(Metric.REDIS_COMMANDS_PER_MESSAGE) > 1, "Redis commands per message");
        assertTrue(result.get(Metric.REDIS_BYTES_PER_MESSAGE) > 64, "Redis bytes per message");
    }

    @Test
    void aStrategyDeliversEverythingOnARedisClusterUnderEveryRouting(@TempDir Path results) throws Exception {
        // The run's wiring of a cluster (start it, pass the gateways their options, read every node): one strategy.
        // Every strategy over the cluster, long poll under every routing included, is RedisClusterTest's, in-process.
        RunOptions config = RunOptions.parse("--strategy", "websocket", "--clients", "20", "--rate", "40",
                "--arrival", "constant", "--duration", "2s", "--warmup", "1s", "--warmup-max", "3s", "--poll-interval", "500ms",
                "--poll-wait", "5s", "--connect-rate", "1000", "--grace", "3s", "--sender-connections", "2",
                "--gateways", "2", "--redis-shards", "3", "--no-single",
                "--gateway-jvm-args", "-Xmx128m", "--server-jvm-args", "-Xmx128m");
        RunResult run = new BenchmarkRun(config, BenchmarkRun.newRunDir(results), line -> { }).execute();

        assertTrue(run.completed(), "run failed: " + run.failure());
        for (String strategy : List.of("websocket")) {
            for (String routing : List.of("map", "broadcast", "channel")) {
                StrategyResult result = run.find(strategy + "@" + routing);
                String what = strategy + "@" + routing;
                assertTrue(result.get(Metric.SENT) > 50, what + " sent " + result.get(Metric.SENT));
                assertEquals(0, result.get(Metric.LOST), what + " lost");
                assertEquals(0, result.get(Metric.DUPLICATES), what + " duplicates");
                assertEquals(result.get(Metric.SENT), result.get(Metric.DELIVERED), what + " delivered");
                assertEquals(3, result.get(Metric.REDIS_SHARDS), what);
                // Twenty users' slots spread over three primaries: none carries them all.
                assertTrue(result.get(Metric.REDIS_BUSIEST_SHARD_SHARE) < 0.9, what + " busiest shard "
                        + result.get(Metric.REDIS_BUSIEST_SHARD_SHARE));
                assertTrue(result.get(Metric.REDIS_COMMANDS_PER_MESSAGE) > 1, what + " Redis commands per message");
            }
        }
    }
}
