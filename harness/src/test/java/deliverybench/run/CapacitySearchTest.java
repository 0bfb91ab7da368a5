package deliverybench.run;

import deliverybench.options.Slo;
import deliverybench.options.RunOptions;
import deliverybench.metric.Metric;
import deliverybench.results.CapacityStep;
import deliverybench.results.StrategyResult;
import deliverybench.schedule.Arrival;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capacity search: doubling, then halving the gap; a driver-limited step is never the server's capacity. */
class CapacitySearchTest {

    private static final Slo SLO = Slo.parse("p99=50ms");

    /** A server that meets the objective up to {@code capacity} msg/s and a driver that sends up to {@code driverMax}. */
    private static StrategyResult model(double rate, double capacity, double driverMax) {
        boolean driverShort = rate > driverMax;
        double achieved = Math.min(rate, driverMax);
        return StrategyResult.of("model", driverShort ? "driver" : rate > capacity ? "server" : "none", Map.of(
                Metric.LATENCY_P99_US.key(), rate > capacity ? 400_000.0 : 3_000.0,
                Metric.LATENCY_P50_US.key(), 1_000.0,
                Metric.LOST.key(), 0.0,
                Metric.SEND_RATE_ASKED.key(), rate,
                Metric.SEND_RATE_ACHIEVED.key(), achieved,
                Metric.DELIVERED_PER_SECOND.key(), achieved));
    }

    private static List<Double> rates(CapacitySearch.Outcome found) {
        return found.steps().stream().map(CapacityStep::askedRate).toList();
    }

    @Test
    void doublesUntilItFailsThenNarrowsTheGap() throws Exception {
        CapacitySearch search = new CapacitySearch(SLO, 500, 1_000_000, 3, line -> { });
        CapacitySearch.Outcome found = search.search("model", (rate, index) -> model(rate, 5_000, 1e9));
        // 500, 1000, 2000, 4000 pass; 8000 fails; then 6000 fails, 5000 passes, 5500 fails.
        assertEquals(List.of(500.0, 1_000.0, 2_000.0, 4_000.0, 8_000.0, 6_000.0, 5_000.0, 5_500.0),
                rates(found));
        assertEquals(5_000, found.capacity());
        assertTrue(Double.isNaN(found.driverLimitedAt()));
        assertEquals(CapacityStep.FAIL, found.steps().get(4).outcome());
        assertTrue(found.steps().get(4).reason().contains("over"), found.steps().get(4).reason());
    }

    /** Short poll at a 1 s interval: its p99 is about the interval at every rate, so halving the rate cannot help. */
    @Test
    void aLatencyThatDoesNotFallWithTheRateStopsTheHalving() throws Exception {
        List<String> said = new ArrayList<>();
        CapacitySearch search = new CapacitySearch(SLO, 500, 1_000_000, 3, said::add);
        CapacitySearch.Outcome found = search.search("poll", (rate, index) -> StrategyResult.of("poll", "none", Map.of(
                Metric.LATENCY_P99_US.key(), 990_000.0 + rate, Metric.LATENCY_P50_US.key(), 500_000.0,
                Metric.LOST.key(), 0.0, Metric.SEND_RATE_ACHIEVED.key(), rate, Metric.DELIVERED_PER_SECOND.key(), rate)));
        assertEquals(List.of(500.0, 250.0), rates(found));
        assertEquals(0, found.capacity());
        assertTrue(said.stream().anyMatch(line -> line.contains("does not fall with the rate") && line.contains("no rate meets p99=50.0ms")),
                String.join("\n", said));
    }

    /** A window whose tail alone missed (nothing lost or saturated, the median well within): one stall, not the limit. */
    private static StrategyResult tailMiss(double rate) {
        return StrategyResult.of("fanout", "none", Map.of(
                Metric.LATENCY_P99_US.key(), 64_400.0, Metric.LATENCY_P50_US.key(), 1_800.0, Metric.LOST.key(), 0.0,
                Metric.SEND_RATE_ASKED.key(), rate, Metric.SEND_RATE_ACHIEVED.key(), rate,
                Metric.DELIVERED_PER_SECOND.key(), rate));
    }

    /** One stall in the first window at 1,000 msg/s: measured once more, it passes, and the search goes on up. */
    @Test
    void aMissByOneStallIsMeasuredOnceMoreAndTheSecondWindowDecides() throws Exception {
        List<String> said = new ArrayList<>();
        CapacitySearch search = new CapacitySearch(SLO, 500, 1_000_000, 3, said::add);
        int[] calls = {0};
        CapacitySearch.Outcome found = search.search("fanout", (rate, index) -> {
            calls[0]++;
            return calls[0] == 2 ? tailMiss(rate) : model(rate, 5_000, 1e9);
        });
        assertEquals(List.of(500.0, 1_000.0, 1_000.0, 2_000.0, 4_000.0, 8_000.0, 6_000.0, 5_000.0, 5_500.0), rates(found));
        assertEquals(5_000, found.capacity());
        assertEquals(CapacityStep.FAIL, found.steps().get(1).outcome());
        assertEquals(CapacityStep.PASS, found.steps().get(2).outcome());
        assertTrue(said.stream().anyMatch(line -> line.contains("step at 1000 msg/s missed by its tail alone")),
                String.join("\n", said));
    }

    /** A limit that misses by its tail every time misses twice, and the search narrows below it as before. */
    @Test
    void aTailThatMissesTwiceIsTheLimit() throws Exception {
        CapacitySearch search = new CapacitySearch(SLO, 500, 1_000_000, 3, line -> { });
        CapacitySearch.Outcome found = search.search("fanout", (rate, index) -> rate > 1_500 ? tailMiss(rate)
                : model(rate, 5_000, 1e9));
        // 500 and 1000 pass; 2000 misses twice; 1500 passes; 1750 misses twice; 1625 misses twice.
        assertEquals(List.of(500.0, 1_000.0, 2_000.0, 2_000.0, 1_500.0, 1_750.0, 1_750.0, 1_625.0, 1_625.0),
                rates(found));
        assertEquals(1_500, found.capacity());
    }

    /** An overloaded server may be as slow at half the rate; that is load, and the halving goes on. */
    @Test
    void aSaturatedServerIsHalvedOn() throws Exception {
        CapacitySearch search = new CapacitySearch(SLO, 500, 1_000_000, 3, line -> { });
        CapacitySearch.Outcome found = search.search("slow", (rate, index) -> StrategyResult.of("slow",
                rate > 100 ? "server" : "none", Map.of(
                Metric.LATENCY_P99_US.key(), rate > 100 ? 2_000_000.0 : 3_000.0, Metric.LATENCY_P50_US.key(), 1_000.0,
                Metric.LOST.key(), 0.0, Metric.SEND_RATE_ACHIEVED.key(), rate, Metric.DELIVERED_PER_SECOND.key(), rate)));
        assertEquals(List.of(500.0, 250.0, 125.0, 62.5), rates(found));
        assertEquals(62.5, found.capacity());
    }

    @Test
    void aDriverLimitedStepBoundsTheSearchAndIsNeverTheServersCapacity() throws Exception {
        CapacitySearch search = new CapacitySearch(SLO, 500, 1_000_000, 3, line -> { });
        CapacitySearch.Outcome found = search.search("model", (rate, index) -> model(rate, 1e9, 3_000));
        // 4000 is more than the driver sends; the gap below it is narrowed: 3000 passes, 3500 and 3250 are the driver's.
        assertEquals(List.of(500.0, 1_000.0, 2_000.0, 4_000.0, 3_000.0, 3_500.0, 3_250.0),
                rates(found));
        assertEquals(3_000, found.capacity(), "the last rate that passed, a floor on the server's capacity");
        assertEquals(3_000, found.driverLimitedAt());
        CapacityStep last = found.steps().get(found.steps().size() - 1);
        assertEquals(CapacityStep.DRIVER, last.outcome());
        assertTrue(last.reason().contains("driver-limited at 3000 msg/s"), last.reason());
    }

    /** A step within the objective at the whole rate passes even when the driver's delays were most of its latency. */
    @Test
    void aStepWithinTheObjectiveDespiteTheDriversDelaysPasses() {
        CapacitySearch search = new CapacitySearch(SLO, 500, 1_000_000, 3, line -> { });
        StrategyResult quick = StrategyResult.of("quick", "driver", Map.of(Metric.LATENCY_P99_US.key(), 4_300.0,
                Metric.LOST.key(), 0.0, Metric.SEND_RATE_ASKED.key(), 1_000.0, Metric.SEND_RATE_ACHIEVED.key(), 1_015.0,
                Metric.DELIVERED_PER_SECOND.key(), 1_015.0));
        CapacityStep judged = search.judge(1_000, quick);
        assertEquals(CapacityStep.PASS, judged.outcome(), judged.reason());
        assertTrue(judged.reason().contains("the driver's own delays included"), judged.reason());
        // Short of the rate, or over the objective by what the driver's send delay explains: no verdict on the server.
        StrategyResult shortOfIt = StrategyResult.of("short", "driver", Map.of(Metric.LATENCY_P99_US.key(), 4_300.0,
                Metric.LOST.key(), 0.0, Metric.SEND_RATE_ASKED.key(), 1_000.0, Metric.SEND_RATE_ACHIEVED.key(), 900.0,
                Metric.DELIVERED_PER_SECOND.key(), 900.0));
        assertEquals(CapacityStep.DRIVER, search.judge(1_000, shortOfIt).outcome());
        StrategyResult slow = StrategyResult.of("slow", "driver", Map.of(Metric.LATENCY_P99_US.key(), 90_000.0,
                Metric.LOST.key(), 0.0, Metric.SEND_RATE_ASKED.key(), 1_000.0, Metric.SEND_RATE_ACHIEVED.key(), 1_000.0,
                Metric.DELIVERED_PER_SECOND.key(), 1_000.0, Metric.DRIVER_SEND_DELAY_P99_US.key(), 60_000.0));
        assertEquals(CapacityStep.DRIVER, search.judge(1_000, slow).outcome());
        // Short poll: a p99 of its interval that a driver late by 8 ms cannot explain is the strategy's miss.
        StrategyResult poll = StrategyResult.of("poll", "driver", Map.of(Metric.LATENCY_P99_US.key(), 990_000.0,
                Metric.LOST.key(), 0.0, Metric.SEND_RATE_ASKED.key(), 500.0, Metric.SEND_RATE_ACHIEVED.key(), 496.0,
                Metric.DELIVERED_PER_SECOND.key(), 496.0, Metric.DRIVER_SEND_DELAY_P99_US.key(), 8_000.0));
        CapacityStep missed = search.judge(500, poll);
        assertEquals(CapacityStep.FAIL, missed.outcome(), missed.reason());
        assertTrue(missed.reason().contains("does not explain it"), missed.reason());
    }

    /** Below a driver-limited step the server fails first: that is the server's capacity, not the driver's. */
    @Test
    void aServerFailureBelowTheDriversLimitIsTheServersCapacity() throws Exception {
        CapacitySearch search = new CapacitySearch(SLO, 500, 1_000_000, 3, line -> { });
        CapacitySearch.Outcome found = search.search("model", (rate, index) -> model(rate, 2_600, 3_000));
        // 4000 the driver's; 3000 fails (the server's, over 2600); 2500 passes; 2750 fails.
        assertEquals(List.of(500.0, 1_000.0, 2_000.0, 4_000.0, 3_000.0, 2_500.0, 2_750.0),
                rates(found));
        assertEquals(2_500, found.capacity());
        assertTrue(Double.isNaN(found.driverLimitedAt()), "driver-limited at " + found.driverLimitedAt());
    }

    @Test
    void aStrategyThatNeverMeetsTheObjectiveHasNoCapacity() throws Exception {
        CapacitySearch search = new CapacitySearch(SLO, 500, 1_000_000, 3, line -> { });
        CapacitySearch.Outcome found = search.search("model", (rate, index) -> model(rate, 0, 1e9));
        assertEquals(0, found.capacity());
        assertEquals(null, found.atCapacity());
    }

    /** Whole steps on scripted time: a sender that takes 400 a second is found driver-limited, not the server. */
    @Test
    void scriptedStepsFindTheDriversLimit(@TempDir Path dir) throws Exception {
        ScriptedClock clock = new ScriptedClock();
        List<String> progress = new ArrayList<>();
        CapacitySearch search = new CapacitySearch(SLO, 100, 10_000, 2, progress::add);
        CapacitySearch.Outcome found = search.search("scripted", (rate, index) -> {
            ScriptedNetwork network = new ScriptedNetwork(clock);
            network.acceptNs = 2_500_000L;
            RunOptions config = RunOptions.parse(List.of(network.strategy()), "--clients", "20", "--rate", Double.toString(rate),
                    "--arrival", "constant", "--duration", "2s", "--warmup", "1s", "--warmup-max", "2s", "--grace", "1s",
                    "--drain-max", "2s");
            return new StrategyRun(config, network.strategy(), network, clock, Runnable::run, dir, null, progress::add,
                    null, false, "scripted@" + (int) rate).run("s" + index);
        });
        // 800 is the driver's; below it 600 and then 500 are the driver's too.
        assertEquals(List.of(100.0, 200.0, 400.0, 800.0, 600.0, 500.0), rates(found));
        assertEquals(400, found.capacity(), "400/s is what one lane of 2.5 ms sends: just in time");
        assertTrue(found.driverLimitedAt() < 450 && found.driverLimitedAt() > 350, "driver-limited at " + found.driverLimitedAt());
        assertTrue(progress.stream().anyMatch(line -> line.contains("driver-limited at")), String.join("\n", progress));
    }
}
