package deliverybench.run;

import deliverybench.options.RunOptions;
import deliverybench.metric.Metric;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.schedule.Arrival;
import deliverybench.strategy.Kind;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short real runs against spawned servers: everything delivered, and the metrics agree with each other. */
@Tag("spawned")
class RunEndToEndTest {

    /** A short run of these strategies; {@code more} adds options (or overrides these). */
    private static RunOptions config(List<Strategy> strategies, int clients, double rate, Arrival arrival, Duration duration,
                                     Duration grace, String... more) {
        List<String> args = new ArrayList<>(List.of("--clients", Integer.toString(clients), "--rate", Double.toString(rate),
                "--arrival", arrival.name(), "--duration", duration.toMillis() + "ms", "--warmup", "1s", "--warmup-max", "2s",
                "--poll-interval", "500ms", "--poll-wait", "5s", "--connect-rate", "1000", "--grace", grace.toMillis() + "ms",
                "--sender-connections", "2", "--server-jvm-args", "-Xmx256m"));
        args.addAll(List.of(more));
        return RunOptions.parse(strategies, args.toArray(String[]::new));
    }

    private static RunResult run(RunOptions config, Path results) throws Exception {
        return new BenchmarkRun(config, BenchmarkRun.newRunDir(results), line -> { }).execute();
    }

    @Test
    void overTlsEveryStrategyDeliversAcrossDropsResumesAndCountsItsRecords(@TempDir Path results) throws Exception {
        List<Strategy> strategies = List.of(Strategies.byName("short-poll"), Strategies.byName("websocket"),
                Strategies.byName("tcp"), Strategies.byName("sse"));
        RunResult run = run(config(strategies, 20, 30, Arrival.POISSON, Duration.ofSeconds(3), Duration.ofSeconds(3),
                "--tls", "--chaos", "drop=0.2"), results);

        assertTrue(run.completed(), "run failed: " + run.failure());
        for (StrategyResult result : run.strategies()) {
            String name = result.strategy();
            assertEquals(0, result.get(Metric.LOST), name + " lost");
            assertEquals(result.get(Metric.SENT), result.get(Metric.DELIVERED), name + " delivered");
            // Every record adds a header and a tag: on the socket, more than the plaintext.
            assertTrue(result.get(Metric.TLS_BYTES_PER_MESSAGE) > result.get(Metric.BYTES_PER_MESSAGE),
                    name + ": TLS " + result.get(Metric.TLS_BYTES_PER_MESSAGE) + ", plain " + result.get(Metric.BYTES_PER_MESSAGE));
            // Over the push connection a send is booked its plaintext size; its records stay with the connection.
            double sendPlain = result.get(Metric.SEND_BYTES_PER_MESSAGE);
            double sendTls = result.get(Metric.SEND_TLS_BYTES_PER_MESSAGE);
            if (!Double.isNaN(sendPlain)) {
                assertTrue(name.endsWith("+send") ? sendTls == sendPlain : sendTls > sendPlain, name + " send " + sendTls + " vs " + sendPlain);
            }
            if (!name.equals("short-poll")) {
                // Dropped push connections come back with their session: resumed, not full, handshakes.
                assertTrue(result.get(Metric.TLS_RESUMED_HANDSHAKES) > 0, name + " resumed none");
            }
        }
    }

    @Test
    void overHttp2EveryHttpStrategyDeliversEverythingAndTheOthersRunAsBefore(@TempDir Path results) throws Exception {
        List<Strategy> strategies = new ArrayList<>(Strategies.all().stream()
                .filter(s -> s.transport() == Transport.HTTP).toList());
        strategies.add(Strategies.byName("websocket"));
        // h2c with every HTTP strategy; h2 by ALPN under TLS with one of each kind (a request-answer, a stream),
        // which is all TLS changes below HTTP/2, and WebSocket beside them. CI's minutes are counted.
        List<Strategy> overTls = List.of(Strategies.byName("short-poll"), Strategies.byName("sse"), Strategies.byName("websocket"));
        for (List<String> wire : List.of(List.of("--http2"), List.of("--tls", "--http2"))) {
            List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
            RunResult run = new BenchmarkRun(config(wire.contains("--tls") ? overTls : strategies, 10, 20, Arrival.POISSON, Duration.ofSeconds(2),
                    Duration.ofSeconds(2), wire.toArray(String[]::new)), BenchmarkRun.newRunDir(results), progress::add).execute();

            assertTrue(run.completed(), wire + ": run failed: " + run.failure());
            assertTrue(progress.contains("--http2 does not apply to websocket: it runs over its own protocol, as without "
                    + "--http2 (sends by POST /messages do go over HTTP/2)"), wire + ": " + progress);
            assertEquals(true, run.configuration().json().path("tls").path("http2").asBoolean(), "recorded in run.json");
            for (StrategyResult result : run.strategies()) {
                String name = wire + " " + result.strategy();
                assertTrue(result.get(Metric.SENT) > 20, name + " sent " + result.get(Metric.SENT));
                assertEquals(0, result.get(Metric.LOST), name + " lost");
                assertEquals(result.get(Metric.SENT), result.get(Metric.DELIVERED), name + " delivered");
                assertEquals(0, result.get(Metric.DUPLICATES), name + " duplicates");
                // A POST /messages and its 202 are about 450 B in HTTP/1.1 here; HPACK's indexed headers leave 150-odd.
                assertTrue(result.get(Metric.SEND_BYTES_PER_MESSAGE) < 300, name + " sends over HTTP/2: "
                        + result.get(Metric.SEND_BYTES_PER_MESSAGE) + " B per message");
            }
        }
    }

    @Test
    void everyStrategyDeliversEverythingAndTheMetricsAgree(@TempDir Path results) throws Exception {
        RunOptions config = config(Strategies.all(), 50, 50, Arrival.POISSON, Duration.ofSeconds(3), Duration.ofSeconds(2));
        Path runDir = BenchmarkRun.newRunDir(results);
        RunResult run = new BenchmarkRun(config, runDir, line -> { }).execute();

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

    /**
     * A one-at-a-time sender (--sender-pipeline 1, as wrk and most clients) stalls with the server: the
     * messages due during the pause wait in the driver, where only the corrected histogram sees them.
     */
    @Test
    void underChaosNothingIsLostAndTheCorrectedHistogramShowsTheStall(@TempDir Path results) throws Exception {
        List<Strategy> push = Strategies.standard().stream().filter(s -> s.kind() == Kind.PUSH).toList();
        RunOptions config = config(push, 50, 100, Arrival.CONSTANT, Duration.ofSeconds(5), Duration.ofSeconds(3),
                "--sender-pipeline", "1", "--chaos", "pause=1s@2s,drop=0.2");
        RunResult run = run(config, results);
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
     * {@code --poll-interval 0} (the wrk comparison): each short-poll device asks again as soon as it is
     * answered. Everything is delivered, and the devices ask far more often than any interval would.
     */
    @Test
    void aShortPollWithNoIntervalAsksAgainAsSoonAsAnswered(@TempDir Path results) throws Exception {
        RunOptions config = RunOptions.parse("--strategy", "short-poll", "--clients", "4", "--rate", "50", "--arrival",
                "constant", "--duration", "2s", "--warmup", "1s", "--warmup-max", "2s", "--poll-interval", "0s",
                "--connect-rate", "1000", "--server-jvm-args", "-Xmx256m");
        RunResult run = run(config, results);
        assertTrue(run.completed(), "run failed: " + run.failure());
        StrategyResult result = run.strategies().get(0);
        assertEquals(0, result.get(Metric.LOST), "lost: " + result.metrics());
        assertEquals(result.get(Metric.SENT), result.get(Metric.DELIVERED), "delivered");
        assertEquals(0, result.get(Metric.OUT_OF_ORDER), "out of order");
        // Back to back on loopback, four devices ask thousands of times a second: scores of times per message (an interval of 1 s would ask 0.08 times).
        assertTrue(result.get(Metric.REQUESTS_PER_MESSAGE) > 10, "requests per message " + result.get(Metric.REQUESTS_PER_MESSAGE));
        assertTrue(result.get(Metric.WASTED_RATIO) > 0.9, "wasted " + result.get(Metric.WASTED_RATIO));
    }

    /** Sends over the push connection: everything delivered, and fewer send bytes than a POST each. */
    @Test
    void sendsOverThePushConnectionDeliverEverythingForFewerBytes(@TempDir Path results) throws Exception {
        List<Strategy> carriers = Strategies.standard().stream().filter(Strategy::carriesSends).toList();
        // Profiled too: every label, <name>+send included, gets its flame graph.
        RunOptions config = RunOptions.parse(carriers, "--clients", "30", "--rate", "100", "--arrival", "constant",
                "--duration", "2s", "--warmup", "1s", "--warmup-max", "3s", "--connect-rate", "1000", "--send-via", "both",
                "--profile", "--server-jvm-args", "-Xmx256m");
        Path runDir = BenchmarkRun.newRunDir(results);
        RunResult run = new BenchmarkRun(config, runDir, line -> { }).execute();
        assertTrue(run.completed(), "run failed: " + run.failure());
        assertEquals(2 * carriers.size(), run.strategies().size());
        for (Strategy strategy : carriers) {
            StrategyResult http = run.find(strategy.name());
            StrategyResult connection = run.find(strategy.name() + "+send");
            for (StrategyResult result : List.of(http, connection)) {
                assertEquals(0, result.get(Metric.LOST), result.strategy() + " lost");
                assertEquals(result.get(Metric.SENT), result.get(Metric.DELIVERED), result.strategy() + " delivered");
                assertTrue(result.get(Metric.SENT) >= 290, result.strategy() + " sent " + result.get(Metric.SENT));
            }
            for (StrategyResult result : List.of(http, connection)) {
                Path flameGraph = runDir.resolve(StrategyResult.PROFILES).resolve(result.strategy() + ".html");
                assertTrue(Files.size(flameGraph) > 1_000, result.strategy() + ": " + result.profile());
            }
            assertTrue(connection.get(Metric.SEND_BYTES_PER_MESSAGE) < http.get(Metric.SEND_BYTES_PER_MESSAGE) / 2,
                    strategy.name() + ": send bytes " + connection.get(Metric.SEND_BYTES_PER_MESSAGE) + " over the connection, "
                            + http.get(Metric.SEND_BYTES_PER_MESSAGE) + " by POST");
        }
    }

    /**
     * Overload: one sender connection cannot send 20,000 messages a second, so a backlog grows in the
     * driver. Whatever it could not send is "not sent", what came after the grace is "late"; nothing
     * accepted is counted lost, and the run says the driver was the limit.
     */
    @Test
    void anOverloadedRunReportsNotSentAndLateNeverLost(@TempDir Path results) throws Exception {
        RunOptions config = RunOptions.parse("--strategy", "websocket", "--clients", "50", "--rate", "20000", "--arrival",
                "constant", "--duration", "3s", "--warmup", "1s", "--warmup-max", "2s", "--grace", "1s", "--drain-max", "3s",
                "--sender-connections", "1", "--connect-rate", "1000", "--server-jvm-args", "-Xmx256m");
        RunResult run = run(config, results);
        assertTrue(run.completed(), "run failed: " + run.failure());
        StrategyResult result = run.strategies().get(0);
        assertEquals(0, result.get(Metric.LOST), "lost under overload: " + result.metrics());
        assertTrue(result.get(Metric.NOT_SENT) + result.get(Metric.LATE) > 0, "neither not sent nor late: " + result.metrics());
        assertEquals(result.get(Metric.SCHEDULED), result.get(Metric.SENT) + result.get(Metric.NOT_SENT)
                + result.get(Metric.SEND_ERRORS), "every scheduled message is sent, failed or not sent");
        assertEquals(result.get(Metric.SENT), result.get(Metric.DELIVERED) + result.get(Metric.UNDELIVERED_AT_CUTOFF),
                "every accepted message is delivered, or still arriving at the cut-off");
        assertTrue(result.limit().equals("driver") || result.limit().equals("shared cores"), "limited by " + result.limit());
    }

    /**
     * A restart loses what the old server held undelivered (an in-memory store cannot help it), and
     * nothing after: every client is told (a stale epoch, or an {@code after} beyond the new inbox)
     * and resumes from the new inbox's start, on every strategy.
     */
    @Test
    void aRestartedServerTellsItsClientsWhichResumeFromTheNewInbox(@TempDir Path results) throws Exception {
        RunResult run = run(config(Strategies.standard(), 20, 100, Arrival.CONSTANT, Duration.ofSeconds(4),
                Duration.ofSeconds(3), "--chaos", "restart@2s"), results);
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
