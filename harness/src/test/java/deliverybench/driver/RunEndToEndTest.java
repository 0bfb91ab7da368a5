package deliverybench.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short real run against spawned servers: everything delivered, and the metrics agree with each other. */
class RunEndToEndTest {

    @Test
    void everyStrategyDeliversEverythingAndTheMetricsAgree(@TempDir Path results) throws Exception {
        List<DriverStrategy> strategies = new ArrayList<>(DriverStrategy.ALL);
        strategies.add(DriverStrategy.LONG_POLL_SCAN);
        RunConfig config = new RunConfig(strategies, 50, 1, 50, Arrival.POISSON, 64, Duration.ofSeconds(3),
                Duration.ofSeconds(1), 500, 5, 1, 1_000, Duration.ofSeconds(2), 2, 2, Chaos.NONE, 2);
        Path runDir = BenchmarkRun.newRunDir(results);
        RunResult run = new BenchmarkRun(config, null, runDir, List.of("-Xmx256m"), List.of(), line -> { }).execute();

        assertTrue(run.completed(), "run failed: " + run.failure());
        assertEquals(5, run.strategies().size());
        for (StrategyResult result : run.strategies()) {
            String name = result.strategy();
            assertTrue(result.get("sent") > 100, name + " sent " + result.get("sent"));
            assertEquals(0, result.get("lost"), name + " lost");
            assertEquals(result.get("sent"), result.get("delivered"), name + " delivered");
            assertEquals(0, result.get("duplicates"), name + " duplicates");
            assertEquals(0, result.get("out_of_order"), name + " out of order");
            for (String percentile : new String[]{"p50", "p99", "max"}) {
                assertTrue(result.get("latency_" + percentile + "_us") >= result.get("uncorrected_latency_" + percentile + "_us"),
                        name + ": corrected " + percentile + " below uncorrected");
            }
        }
        StrategyResult shortPoll = find(run, "short-poll");
        for (StrategyResult other : run.strategies()) {
            if (other != shortPoll) {
                assertTrue(shortPoll.get("wasted_ratio") > other.get("wasted_ratio"),
                        "short poll wastes less than " + other.strategy());
            }
        }
        // Short poll latency is about half its interval on average; push is far below that.
        assertTrue(shortPoll.get("latency_mean_us") > 100_000, "short poll mean " + shortPoll.get("latency_mean_us"));
        for (String push : new String[]{"websocket", "tcp"}) {
            assertEquals(0, find(run, push).get("requests_per_message"), push + " made requests per message");
            assertEquals(0, find(run, push).get("store_reads_per_message"), push + " read the store per message");
            assertTrue(find(run, push).get("latency_p50_us") < 100_000, push + " p50 " + find(run, push).get("latency_p50_us"));
            // Receivers ack every 16 messages or 100 ms: after the grace period nothing is left unacknowledged.
            assertEquals(0, find(run, push).get("server_unacked_messages"), push + " unacked");
        }
        assertTrue(find(run, "long-poll-scan").get("store_reads_per_message") > 5 * find(run, "long-poll").get("store_reads_per_message"),
                "scan mode does not show its store reads");

        JsonNode json = new ObjectMapper().readTree(runDir.resolve("run.json").toFile());
        assertEquals(ResultFiles.SCHEMA_VERSION, json.get("schema_version").asInt());
        assertEquals(50, json.get("configuration").get("clients").asInt());
        assertTrue(json.get("floor").get("tcp_ping_p50_us").asDouble() > 0);
        assertEquals(5, json.get("strategies").size());
        assertEquals(6, Files.readAllLines(runDir.resolve("summary.csv")).size());
        for (StrategyResult result : run.strategies()) {
            assertTrue(Files.size(runDir.resolve(result.strategy() + ".hlog")) > 100, result.strategy() + ".hlog");
        }
    }

    @Test
    void underChaosNothingIsLostAndTheCorrectedHistogramShowsTheStall(@TempDir Path results) throws Exception {
        RunConfig config = new RunConfig(List.of(DriverStrategy.WEBSOCKET, DriverStrategy.TCP), 50, 1, 100,
                Arrival.CONSTANT, 64, Duration.ofSeconds(5), Duration.ofSeconds(1), 500, 5, 1, 1_000,
                Duration.ofSeconds(3), 2, 2, Chaos.parse(List.of("pause=1s@2s", "drop=0.2")), 2);
        RunResult run = new BenchmarkRun(config, null, BenchmarkRun.newRunDir(results), List.of("-Xmx256m"), List.of(), line -> { })
                .execute();
        assertTrue(run.completed(), "run failed: " + run.failure());
        for (StrategyResult result : run.strategies()) {
            String name = result.strategy();
            assertEquals(0, result.get("lost"), name + " lost messages under chaos");
            assertTrue(result.get("reconnects") > 0, name + " was never dropped");
            // One second stopped: messages due during it waited up to a second, which only the corrected histogram shows.
            assertTrue(result.get("latency_p99_us") > 500_000, name + " corrected p99 " + result.get("latency_p99_us"));
            assertTrue(result.get("uncorrected_latency_p99_us") < result.get("latency_p99_us") / 2,
                    name + " uncorrected p99 " + result.get("uncorrected_latency_p99_us"));
        }
    }

    /**
     * A restart loses what the old server held undelivered (an in-memory store cannot help it), and
     * nothing after: every client is told (a stale epoch, or an {@code after} beyond the new inbox)
     * and resumes from the new inbox's start, on every strategy.
     */
    @Test
    void aRestartedServerTellsItsClientsWhichResumeFromTheNewInbox(@TempDir Path results) throws Exception {
        RunConfig config = new RunConfig(DriverStrategy.ALL, 20, 1, 100, Arrival.CONSTANT, 64,
                Duration.ofSeconds(5), Duration.ofSeconds(1), 500, 5, 1, 1_000, Duration.ofSeconds(3), 2, 2,
                Chaos.parse(List.of("restart@2s")), 2);
        RunResult run = new BenchmarkRun(config, null, BenchmarkRun.newRunDir(results), List.of("-Xmx256m"), List.of(),
                line -> { }).execute();
        assertTrue(run.completed(), "run failed: " + run.failure());
        for (StrategyResult result : run.strategies()) {
            String name = result.strategy();
            assertTrue(result.get("reconnects") >= 20, name + " reconnects " + result.get("reconnects"));
            // Every client's next request after the restart names the old epoch: each is told once.
            assertTrue(result.get("gone") >= 20, name + " told gone " + result.get("gone"));
            assertEquals(result.get("lost_to_restart"), result.get("lost"), name + " lost messages after the restart");
            assertTrue(result.get("delivered") > result.get("sent") / 2, name + " delivered " + result.get("delivered")
                    + " of " + result.get("sent"));
            assertEquals(result.get("sent"), result.get("delivered") + result.get("lost"),
                    name + ": every message is delivered or counted lost");
            assertEquals(0, result.get("duplicates"), name + ": a new epoch's seq 1 was taken for a duplicate");
        }
    }

    private static StrategyResult find(RunResult run, String strategy) {
        return run.strategies().stream().filter(r -> r.strategy().equals(strategy)).findFirst().orElseThrow();
    }
}
