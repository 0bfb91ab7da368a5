package deliverybench.run;

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

    private static RunConfig config(ScriptedNetwork network, int clients, int devices, double rate, Duration duration) {
        return new RunConfig(List.of(network.strategy()), clients, devices, rate, Arrival.CONSTANT, 64, duration,
                Duration.ofSeconds(1), 1_000, 30, 1, 1_000, Duration.ofSeconds(3), 2, 2, Chaos.NONE, 2);
    }

    private static StrategyResult run(ScriptedNetwork network, RunConfig config, Path dir, List<String> progress)
            throws Exception {
        return run(network, config, dir, progress, RunListener.NONE);
    }

    private static StrategyResult run(ScriptedNetwork network, RunConfig config, Path dir, List<String> progress,
                                      RunListener listener) throws Exception {
        return new StrategyRun(config, config.strategies().get(0), network, network.clock, Runnable::run, dir, null,
                progress::add, null, listener).run("t");
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

        // 100/s for 1 s of warm-up and 2 s measured, constant spacing: exactly 300 sends, each to two devices.
        assertEquals(300, result.get(Metric.SENT));
        assertEquals(600, result.get(Metric.DELIVERED));
        assertEquals(0, result.get(Metric.LOST));
        assertEquals("exactly-once in order", result.verdict());
        // Only messages intended in the measured window are recorded: 200 messages, on two devices each.
        assertEquals(400, result.get(Metric.RECORDED));
        // Accepted 0.5 ms after the intended time, delivered 2 ms after that: 2.5 ms, to the histogram's precision.
        assertEquals(2.5 * MS, result.get(Metric.LATENCY_P50_US), 2.5 * MS * 0.001);
        assertEquals(2.5 * MS, result.get(Metric.LATENCY_MAX_US), 2.5 * MS * 0.001);
        assertEquals(2 * MS, result.get(Metric.UNCORRECTED_LATENCY_P99_US), 2 * MS * 0.001, "from the accepted send");
        assertEquals(0, result.get(Metric.DRIVER_LAG_P99_US));
        // The server's cost comes from its counters over the window: 100 bytes per delivery.
        assertEquals(ScriptedNetwork.BYTES_PER_DELIVERY, result.get(Metric.BYTES_PER_MESSAGE), 1e-9);
        assertEquals(2, progress.stream().filter(line -> line.contains("delivered")).count(), "one progress line a second");
    }

    @Test
    void aStallOfTheSenderShowsInCorrectedLatencyAndDriverLagOnly(@TempDir Path dir) throws Exception {
        ScriptedNetwork network = new ScriptedNetwork(new ScriptedClock());
        // Send 150 (1.5 s in, 0.5 s into the window) holds the sending thread for 300 ms, as a driver's GC pause would.
        network.senderStalls.put(150, 300_000_000L);
        StrategyResult result = run(network, config(network, 10, 1, 100, Duration.ofSeconds(2)), dir, new ArrayList<>());

        assertEquals(300, result.get(Metric.SENT), "a stall must not thin the load");
        assertEquals(0, result.get(Metric.LOST));
        // The 29 sends due in the stall left late, the first (due 10 ms after it began) by 290 ms: the driver says so...
        assertEquals(290 * MS, result.get(Metric.DRIVER_LAG_MAX_US), 290 * MS * 0.001);
        // ...the corrected latency shows it: send 150 itself left its sender 300 ms late, then took 2.5 ms...
        assertEquals(302.5 * MS, result.get(Metric.LATENCY_MAX_US), 302.5 * MS * 0.001);
        // ...and the uncorrected one, measured from the late send, hides it.
        assertEquals(2 * MS, result.get(Metric.UNCORRECTED_LATENCY_MAX_US), 2 * MS * 0.001);
    }

    @Test
    void whatNeverArrivesIsLostAndTheVerdictSaysSo(@TempDir Path dir) throws Exception {
        ScriptedClock clock = new ScriptedClock();
        ScriptedNetwork network = new ScriptedNetwork(clock);
        network.dropped = n -> n == 120 || n == 250;
        long start = clock.nanoTime();
        StrategyResult result = run(network, config(network, 1, 1, 100, Duration.ofSeconds(2)), dir, new ArrayList<>());

        assertEquals(300, result.get(Metric.SENT));
        assertEquals(2, result.get(Metric.LOST));
        assertEquals(298, result.get(Metric.DELIVERED));
        assertEquals("at-most-once", result.verdict());
        // With two deliveries missing the run waited out the whole 3 s grace after the last send.
        assertTrue(clock.nanoTime() - start > Duration.ofSeconds(1 + 2 + 3).toNanos(), "the grace was not waited out");
    }
}
