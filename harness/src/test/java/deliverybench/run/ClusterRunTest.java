package deliverybench.run;

import deliverybench.cluster.Routing;
import deliverybench.metric.Metric;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.run.cluster.ClusterPlan;
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
        RunConfig config = RunConfig.builder(List.of(Strategies.byName("websocket"))).clients(20).rate(40)
                .arrival(Arrival.CONSTANT).duration(Duration.ofSeconds(3)).warmup(Duration.ofSeconds(1))
                .warmupMax(Duration.ofSeconds(3)).pollIntervalMs(500).pollWaitSeconds(5).connectRate(1_000)
                .grace(Duration.ofSeconds(3)).senderConnections(2).chaos(Chaos.parse(List.of("kill-gateway@1s"))).build();
        ClusterPlan plan = new ClusterPlan(2, List.of(Routing.MAP), false, null, List.of("-Xmx128m"));
        RunResult run = new BenchmarkRun(config, null, BenchmarkRun.newRunDir(results), List.of("-Xmx128m"), List.of(),
                line -> { }).cluster(plan).execute();

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
}
