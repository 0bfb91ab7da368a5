package deliverybench.run;

import deliverybench.metric.Metric;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.schedule.Arrival;
import deliverybench.strategy.Kind;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short real runs against spawned servers: everything delivered, and the metrics agree with each other. */
class RunEndToEndTest {

    private static RunConfig config(List<Strategy> strategies, int clients, double rate, Arrival arrival, Duration duration,
                                    Duration grace, Chaos chaos) {
        return new RunConfig(strategies, clients, 1, rate, arrival, 64, duration, Duration.ofSeconds(1), 500, 5, 1, 1_000,
                grace, 2, 2, chaos, 2);
    }

    private static RunResult run(RunConfig config, Path results) throws Exception {
        return new BenchmarkRun(config, null, BenchmarkRun.newRunDir(results), List.of("-Xmx256m"), List.of(), line -> { })
                .execute();
    }

    @Test
    void everyStrategyDeliversEverythingAndTheMetricsAgree(@TempDir Path results) throws Exception {
        RunConfig config = config(Strategies.all(), 50, 50, Arrival.POISSON, Duration.ofSeconds(3), Duration.ofSeconds(2),
                Chaos.NONE);
        Path runDir = BenchmarkRun.newRunDir(results);
        RunResult run = new BenchmarkRun(config, null, runDir, List.of("-Xmx256m"), List.of(), line -> { }).execute();

        assertTrue(run.completed(), "run failed: " + run.failure());
        assertEquals(Strategies.all().size(), run.strategies().size());
        for (StrategyResult result : run.strategies()) {
            String name = result.strategy();
            assertTrue(result.get(Metric.SENT) > 100, name + " sent " + result.get(Metric.SENT));
            assertEquals(0, result.get(Metric.LOST), name + " lost");
            assertEquals(result.get(Metric.SENT), result.get(Metric.DELIVERED), name + " delivered");
            assertEquals(0, result.get(Metric.DUPLICATES), name + " duplicates");
            assertEquals(0, result.get(Metric.OUT_OF_ORDER), name + " out of order");
            assertTrue(result.get(Metric.LATENCY_P50_US) >= result.get(Metric.UNCORRECTED_LATENCY_P50_US), name + " p50");
            assertTrue(result.get(Metric.LATENCY_P99_US) >= result.get(Metric.UNCORRECTED_LATENCY_P99_US), name + " p99");
            assertTrue(result.get(Metric.LATENCY_MAX_US) >= result.get(Metric.UNCORRECTED_LATENCY_MAX_US), name + " max");
        }
        StrategyResult shortPoll = run.find("short-poll");
        for (StrategyResult other : run.strategies()) {
            if (other != shortPoll) {
                assertTrue(shortPoll.get(Metric.WASTED_RATIO) > other.get(Metric.WASTED_RATIO),
                        "short poll wastes less than " + other.strategy());
            }
        }
        // Short poll latency is about half its interval on average; push is far below that.
        assertTrue(shortPoll.get(Metric.LATENCY_MEAN_US) > 100_000, "short poll mean " + shortPoll.get(Metric.LATENCY_MEAN_US));
        for (Strategy strategy : Strategies.all()) {
            if (strategy.kind() != Kind.PUSH) {
                continue;
            }
            StrategyResult push = run.find(strategy.name());
            assertTrue(push.get(Metric.REQUESTS_PER_MESSAGE) < 0.05, strategy.name() + " made requests per message");
            assertEquals(0, push.get(Metric.STORE_READS_PER_MESSAGE), 0.05, strategy.name() + " read the store per message");
            assertTrue(push.get(Metric.LATENCY_P50_US) < 100_000, strategy.name() + " p50 " + push.get(Metric.LATENCY_P50_US));
            if (strategy.acks()) {
                // Receivers ack every 16 messages or 100 ms: after the grace period nothing is left unacknowledged.
                assertEquals(0, push.get(Metric.SERVER_UNACKED_MESSAGES), strategy.name() + " unacked");
            }
        }
        assertTrue(run.find("long-poll-scan").get(Metric.STORE_READS_PER_MESSAGE)
                        > 5 * run.find("long-poll").get(Metric.STORE_READS_PER_MESSAGE),
                "scan mode does not show its store reads");

        RunResult read = ResultFiles.read(runDir);
        assertEquals(RunResult.SCHEMA_VERSION, read.schemaVersion());
        assertEquals(50, read.configuration().clients());
        assertTrue(read.floor().tcpPingP50Us() > 0);
        assertEquals(Strategies.all().size(), read.strategies().size());
        assertEquals(Strategies.all().size() + 1, Files.readAllLines(runDir.resolve("summary.csv")).size());
        for (StrategyResult result : run.strategies()) {
            assertTrue(Files.size(runDir.resolve(result.strategy() + ".hlog")) > 100, result.strategy() + ".hlog");
            assertEquals(result.metrics(), read.find(result.strategy()).metrics(), "run.json reads back what was written");
        }
    }

    @Test
    void underChaosNothingIsLostAndTheCorrectedHistogramShowsTheStall(@TempDir Path results) throws Exception {
        List<Strategy> push = Strategies.standard().stream().filter(s -> s.kind() == Kind.PUSH).toList();
        RunResult run = run(config(push, 50, 100, Arrival.CONSTANT, Duration.ofSeconds(5), Duration.ofSeconds(3),
                Chaos.parse(List.of("pause=1s@2s", "drop=0.2"))), results);
        assertTrue(run.completed(), "run failed: " + run.failure());
        for (StrategyResult result : run.strategies()) {
            String name = result.strategy();
            assertEquals(0, result.get(Metric.LOST), name + " lost messages under chaos");
            assertTrue(result.get(Metric.RECONNECTS) > 0, name + " was never dropped");
            // One second stopped: messages due during it waited up to a second, which only the corrected histogram shows.
            assertTrue(result.get(Metric.LATENCY_P99_US) > 500_000, name + " corrected p99 " + result.get(Metric.LATENCY_P99_US));
            assertTrue(result.get(Metric.UNCORRECTED_LATENCY_P99_US) < result.get(Metric.LATENCY_P99_US) / 2,
                    name + " uncorrected p99 " + result.get(Metric.UNCORRECTED_LATENCY_P99_US));
        }
    }

    /**
     * A restart loses what the old server held undelivered (an in-memory store cannot help it), and
     * nothing after: every client is told (a stale epoch, or an {@code after} beyond the new inbox)
     * and resumes from the new inbox's start, on every strategy.
     */
    @Test
    void aRestartedServerTellsItsClientsWhichResumeFromTheNewInbox(@TempDir Path results) throws Exception {
        RunResult run = run(config(Strategies.standard(), 20, 100, Arrival.CONSTANT, Duration.ofSeconds(5),
                Duration.ofSeconds(3), Chaos.parse(List.of("restart@2s"))), results);
        assertTrue(run.completed(), "run failed: " + run.failure());
        for (StrategyResult result : run.strategies()) {
            String name = result.strategy();
            assertTrue(result.get(Metric.RECONNECTS) >= 20, name + " reconnects " + result.get(Metric.RECONNECTS));
            // Every client's next request after the restart names the old epoch: each is told once.
            assertTrue(result.get(Metric.GONE) >= 20, name + " told gone " + result.get(Metric.GONE));
            assertEquals(result.get(Metric.LOST_TO_RESTART), result.get(Metric.LOST), name + " lost messages after the restart");
            assertTrue(result.get(Metric.DELIVERED) > result.get(Metric.SENT) / 2, name + " delivered "
                    + result.get(Metric.DELIVERED) + " of " + result.get(Metric.SENT));
            assertEquals(result.get(Metric.SENT), result.get(Metric.DELIVERED) + result.get(Metric.LOST),
                    name + ": every message is delivered or counted lost");
            assertEquals(0, result.get(Metric.DUPLICATES), name + ": a new epoch's seq 1 was taken for a duplicate");
        }
    }
}
