package deliverybench.run;

import deliverybench.options.RunOptions;
import deliverybench.metric.Metric;
import deliverybench.results.StrategyResult;
import deliverybench.schedule.Arrival;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole strategy runs on scripted time: every figure of the table follows exactly from what the script did. */
class ScriptedRunTest {

    private static final double MS = 1_000;

    /** A run of the scripted strategy with these options, the rest as the tests here share them. */
    private static RunOptions config(ScriptedNetwork network, int clients, int devices, double rate, Duration duration,
                                     String... more) {
        List<String> args = new ArrayList<>(List.of("--clients", Integer.toString(clients), "--devices",
                Integer.toString(devices), "--rate", Double.toString(rate), "--arrival", "constant", "--duration",
                duration.toMillis() + "ms", "--warmup", "1s", "--poll-interval", "1s", "--poll-wait", "30s",
                "--connect-rate", "1000", "--grace", "3s"));
        args.addAll(List.of(more));
        return RunOptions.parse(List.of(network.strategy()), args.toArray(String[]::new));
    }

    private static StrategyResult run(ScriptedNetwork network, RunOptions config, Path dir, List<String> progress)
            throws Exception {
        return run(network, config, dir, progress, RunListener.NONE);
    }

    private static StrategyResult run(ScriptedNetwork network, RunOptions config, Path dir, List<String> progress,
                                      RunListener listener) throws Exception {
        return new StrategyRun(config, config.strategies().get(0), network, network.clock, Runnable::run, dir, null,
                progress::add, null, false, config.strategies().get(0).name()).listenedBy(listener).run("t");
    }

    @Test
    void aListenerHearsEachSecondOfTheWindowWithItsOwnP99(@TempDir Path dir) throws Exception {
        ScriptedNetwork network = new ScriptedNetwork(new ScriptedClock());
        List<RunListener.Second> seconds = new ArrayList<>();
        run(network, config(network, 10, 1, 100, Duration.ofSeconds(2)), dir, new ArrayList<>(), new RunListener() {
            @Override
            public void second(Second second) {
                seconds.add(second);
            }
        });

        assertEquals(List.of(1, 2), seconds.stream().map(RunListener.Second::second).toList());
        for (RunListener.Second second : seconds) {
            assertEquals(2, second.seconds());
            // A second's messages: 100 a second after 1 s of warm-up, each delivered 2.5 ms after its intended time.
            assertEquals(100 * (1 + second.second()), second.sent(), 1);
            assertTrue(second.delivered() >= second.sent() - 1, "delivered " + second.delivered());
            assertEquals(2.5 * MS, second.p99SecondUs(), 2.5 * MS * 0.001);
        }
    }

    @Test
    void aCleanRunAccountsForEveryMessageAndMeasuresTheScriptedLatency(@TempDir Path dir) throws Exception {
        ScriptedNetwork network = new ScriptedNetwork(new ScriptedClock());
        List<String> progress = new ArrayList<>();
        StrategyResult result = run(network, config(network, 10, 2, 100, Duration.ofSeconds(2)), dir, progress);

        // 100/s for 1 s of warm-up (the scripted JIT is quiet at once) and 2 s measured: 300 sends, each to two devices.
        assertEquals(300, result.get(Metric.SENT));
        assertEquals(600, result.get(Metric.DELIVERED));
        assertEquals(0, result.get(Metric.LOST));
        assertEquals(0, result.get(Metric.LATE));
        assertEquals(0, result.get(Metric.NOT_SENT));
        assertEquals("exactly-once in order", result.verdict());
        assertEquals(1_000, result.get(Metric.WARMUP_MS));
        // Only messages intended in the measured window are recorded: 200 messages, on two devices each.
        assertEquals(400, result.get(Metric.RECORDED));
        assertEquals(100, result.get(Metric.SEND_RATE_ACHIEVED), 1);
        assertEquals(200, result.get(Metric.DELIVERED_PER_SECOND), 2);
        // Taken by the sender at once, accepted 0.5 ms later, delivered 2 ms after that: 2.5 ms.
        assertEquals(2.5 * MS, result.get(Metric.LATENCY_P50_US), 2.5 * MS * 0.001);
        assertEquals(2.5 * MS, result.get(Metric.LATENCY_MAX_US), 2.5 * MS * 0.001);
        assertEquals(2.5 * MS, result.get(Metric.UNCORRECTED_LATENCY_P99_US), 2.5 * MS * 0.001);
        assertEquals(0, result.get(Metric.DRIVER_SEND_DELAY_MAX_US));
        assertEquals(0, result.get(Metric.DRIVER_LAG_P99_US));
        assertEquals("none", result.limit());
        // The server's cost comes from its counters over the window: 100 bytes per delivery.
        assertEquals(ScriptedNetwork.BYTES_PER_DELIVERY, result.get(Metric.BYTES_PER_MESSAGE), 1e-9);
        assertEquals(2, progress.stream().filter(line -> line.contains("delivered")).count(), "one progress line a second");
    }

    @Test
    void aStallOfTheSenderShowsInCorrectedLatencyAndDriverLagOnly(@TempDir Path dir) throws Exception {
        ScriptedNetwork network = new ScriptedNetwork(new ScriptedClock());
        // Send 150 (1.5 s in, 0.5 s into the window) holds the sending thread for 300 ms, as a driver's GC pause would.
        network.senderStalls.put(150, 300_000_000L);
        StrategyResult result = run(network, config(network, 10, 1, 100, Duration.ofSeconds(2)), dir,
                new ArrayList<>());

        assertEquals(300, result.get(Metric.SENT), "a stall must not thin the load");
        assertEquals(0, result.get(Metric.LOST));
        // The 29 sends due in the stall left late, the first (due 10 ms after it began) by 290 ms: the driver says so...
        assertEquals(290 * MS, result.get(Metric.DRIVER_LAG_MAX_US), 290 * MS * 0.001);
        // ...the corrected latency shows it: send 150 itself left its sender 300 ms late, then took 2.5 ms...
        assertEquals(302.5 * MS, result.get(Metric.LATENCY_MAX_US), 302.5 * MS * 0.001);
        // ...and the uncorrected one, measured from the late send, hides it.
        assertEquals(2.5 * MS, result.get(Metric.UNCORRECTED_LATENCY_MAX_US), 2.5 * MS * 0.001);
    }

    @Test
    void whatNeverArrivesIsLostOnceEverythingIsQuiet(@TempDir Path dir) throws Exception {
        ScriptedClock clock = new ScriptedClock();
        ScriptedNetwork network = new ScriptedNetwork(clock);
        network.dropped = n -> n == 120 || n == 250;
        long start = clock.nanoTime();
        StrategyResult result = run(network, config(network, 1, 1, 100, Duration.ofSeconds(2)), dir,
                new ArrayList<>());

        assertEquals(300, result.get(Metric.SENT));
        assertEquals(2, result.get(Metric.LOST));
        assertEquals(298, result.get(Metric.DELIVERED));
        assertEquals(0, result.get(Metric.UNDELIVERED_AT_CUTOFF));
        assertEquals("at-most-once", result.verdict());
        // Counted only after the grace (3 s after the last send) with nothing moving for a second.
        assertTrue(clock.nanoTime() - start > Duration.ofSeconds(1 + 2 + 3).toNanos(), "counted before the grace ran out");
    }

    @Test
    void aFanoutCountsEveryCopy(@TempDir Path dir) throws Exception {
        ScriptedNetwork network = new ScriptedNetwork(new ScriptedClock());
        StrategyResult result = run(network, config(network, 20, 1, 100, Duration.ofSeconds(2), "--fanout", "5"), dir,
                new ArrayList<>());
        // 300 sends of 5 copies each: every copy is a message in an inbox, delivered and accounted.
        assertEquals(1_500, result.get(Metric.SCHEDULED));
        assertEquals(1_500, result.get(Metric.SENT));
        assertEquals(1_500, result.get(Metric.DELIVERED));
        assertEquals(0, result.get(Metric.LOST));
        assertEquals(100, result.get(Metric.SEND_RATE_ACHIEVED), 1, "sends a second, not copies");
        assertEquals(500, result.get(Metric.DELIVERED_PER_SECOND), 5);
        assertEquals("none", result.limit());
    }

    /**
     * The run that "lost" messages under overload: the sender takes 50 a second of the 100 asked, so a
     * backlog grows in the driver; after the last send it drains until the bound, and what it never
     * sent is not sent, what arrives after the grace is late, and nothing is lost.
     */
    @Test
    void anOverloadedDriverReportsNotSentAndLateNeverLost(@TempDir Path dir) throws Exception {
        ScriptedNetwork network = new ScriptedNetwork(new ScriptedClock());
        network.acceptNs = 20_000_000L;
        network.deliverNs = 300_000_000L;
        // The backlog never drains, so the warm-up would wait for it to its maximum: one second here.
        RunOptions config = config(network, 10, 1, 100, Duration.ofSeconds(2), "--warmup-max", "1s",
                "--grace", "1s", "--drain-max", "2s");
        StrategyResult result = run(network, config, dir, new ArrayList<>());

        assertEquals(300, result.get(Metric.SCHEDULED));
        assertEquals(0, result.get(Metric.LOST), "an in-flight message counted lost");
        assertTrue(result.get(Metric.NOT_SENT) > 0, "not sent " + result.get(Metric.NOT_SENT));
        assertEquals(result.get(Metric.SCHEDULED), result.get(Metric.SENT) + result.get(Metric.NOT_SENT));
        assertEquals(result.get(Metric.SENT), result.get(Metric.DELIVERED), "everything accepted arrived, late or not");
        assertTrue(result.get(Metric.LATE) > 0, "late " + result.get(Metric.LATE));
        assertEquals(50, result.get(Metric.SEND_RATE_ACHIEVED), 2, "the sender's capacity, not the asked 100");
        assertTrue(result.get(Metric.DRIVER_SEND_DELAY_P99_US) > 500 * MS, "messages waited in the driver");
        assertEquals("driver", result.limit());
        assertTrue(result.get(Metric.UNCORRECTED_LATENCY_P99_US) < 400 * MS, "the server's part stays 320 ms");
    }
}
