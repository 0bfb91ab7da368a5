package deliverybench.ab;

import deliverybench.metric.Metric;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate's verdicts on synthetic rounds: no difference, a clear one, a small one, noise, ties, too few rounds. */
class AbComparisonTest {

    private static final AbComparison.Settings SETTINGS = AbComparison.Settings.DEFAULT;

    /** Values of one side's round: CPU, p50, p99 and bytes per message, each scaled and with relative noise. */
    private record Shape(double cpu, double bytes, double noise) {
    }

    static List<AbComparison.Round> rounds(int perSide, Shape a, Shape b, long seed) {
        Random random = new Random(seed);
        List<AbComparison.Round> rounds = new ArrayList<>();
        List<Side> order = Side.abba(perSide);
        for (int i = 0; i < order.size(); i++) {
            Shape shape = order.get(i) == Side.A ? a : b;
            rounds.add(new AbComparison.Round(i + 1, order.get(i), run(shape, random)));
        }
        return rounds;
    }

    private static RunResult run(Shape shape, Random random) {
        List<StrategyResult> strategies = new ArrayList<>();
        for (String name : List.of("short-poll", "websocket")) {
            Map<String, Double> metrics = new HashMap<>();
            metrics.put(Metric.SERVER_CPU_US_PER_MESSAGE.key(), shape.cpu() * noisy(shape, random));
            metrics.put(Metric.LATENCY_P50_US.key(), 300 * noisy(shape, random));
            metrics.put(Metric.LATENCY_P99_US.key(), 12_000 * noisy(shape, random));
            metrics.put(Metric.BYTES_PER_MESSAGE.key(), shape.bytes());
            metrics.put(Metric.LOST.key(), 0.0);
            strategies.add(StrategyResult.of(name, metrics));
        }
        return new RunResult(RunResult.SCHEMA_VERSION, "now", true, null, null, Map.of(), null, strategies);
    }

    private static double noisy(Shape shape, Random random) {
        return 1 + shape.noise() * random.nextGaussian();
    }

    private static AbComparison.Row row(List<AbComparison.Row> rows, String strategy, Metric metric) {
        return rows.stream().filter(r -> r.strategy().equals(strategy) && r.metric().equals(metric.key())).findFirst()
                .orElseThrow();
    }

    @Test
    void noDifferenceGivesNoRegressionAcrossManySeeds() {
        Shape same = new Shape(100, 109, 0.05);
        int alarms = 0;
        for (long seed = 0; seed < 100; seed++) {
            List<AbComparison.Row> rows = AbComparison.compare(rounds(6, same, same, seed), SETTINGS);
            alarms += AbComparison.exitCode(rows) == 1 ? 1 : 0;
        }
        // Holm keeps the gate's false alarms under alpha; the minimum effect keeps them near none.
        assertTrue(alarms <= 2, alarms + " false alarms in 100");
    }

    @Test
    void aClearSlowdownIsARegressionWithItsRatioAndInterval() {
        List<AbComparison.Row> rows = AbComparison.compare(
                rounds(6, new Shape(100, 109, 0.05), new Shape(130, 109, 0.05), 1), SETTINGS);
        AbComparison.Row cpu = row(rows, "websocket", Metric.SERVER_CPU_US_PER_MESSAGE);
        assertEquals(AbComparison.Verdict.REGRESSION, cpu.verdict(), cpu.toString());
        assertTrue(cpu.interval().ratio() > 1.2 && cpu.interval().low() > 1.1, cpu.toString());
        assertTrue(cpu.pAdjusted() < 0.05 && cpu.pAdjusted() >= cpu.p(), cpu.toString());
        assertEquals(AbComparison.Verdict.OK, row(rows, "websocket", Metric.LATENCY_P99_US).verdict());
        assertEquals(1, AbComparison.exitCode(rows));
    }

    @Test
    void aSignificantChangeUnderTheMinimumEffectPasses() {
        List<AbComparison.Row> rows = AbComparison.compare(
                rounds(6, new Shape(100, 109, 0.005), new Shape(105, 109, 0.005), 2), SETTINGS);
        AbComparison.Row cpu = row(rows, "short-poll", Metric.SERVER_CPU_US_PER_MESSAGE);
        assertTrue(cpu.pAdjusted() < 0.05, cpu.toString());
        assertEquals(AbComparison.Verdict.OK, cpu.verdict());
        assertTrue(cpu.note().startsWith("significant, under 10%"), cpu.note());
        assertEquals(0, AbComparison.exitCode(rows));
    }

    @Test
    void aLargeButNoisyChangeIsNotSignificant() {
        // Two rounds of B far above, the rest like A: the median ratio is high only by chance placement.
        List<AbComparison.Round> rounds = new ArrayList<>(rounds(5, new Shape(100, 109, 0.3), new Shape(100, 109, 0.3), 3));
        List<AbComparison.Row> rows = AbComparison.compare(rounds, SETTINGS);
        assertEquals(0, AbComparison.count(rows, AbComparison.Verdict.REGRESSION), AbFormat.text(rows, SETTINGS));
    }

    @Test
    void machineIndependentMetricsAreJudgedByCompareTolerance() {
        // Bytes are exact: 12% more on every round is a regression with no test needed (tolerance 10%).
        List<AbComparison.Row> rows = AbComparison.compare(
                rounds(4, new Shape(100, 100, 0.05), new Shape(100, 112, 0.05), 4), SETTINGS);
        AbComparison.Row bytes = row(rows, "websocket", Metric.BYTES_PER_MESSAGE);
        assertEquals(AbComparison.Verdict.REGRESSION, bytes.verdict());
        assertTrue(Double.isNaN(bytes.pAdjusted()), "bytes are not in Holm's family");
        assertEquals(AbComparison.Verdict.OK, row(rows, "websocket", Metric.LOST).verdict());
    }

    @Test
    void oneNoisyRoundOfBytesIsNotARegressionButLossIs() {
        List<AbComparison.Round> rounds = new ArrayList<>();
        Shape shape = new Shape(100, 100, 0.01);
        for (AbComparison.Round round : rounds(5, shape, shape, 10)) {
            RunResult result = round.result();
            boolean b = round.side() == Side.B;
            // B: the rate per message of an overloaded round (the driver fell behind) in three rounds of five, loss in four.
            double bytes = b && round.number() <= 6 ? 130 : 100;
            double lost = b && round.number() != 2 ? 3 : 0;
            List<StrategyResult> strategies = new ArrayList<>();
            for (StrategyResult strategy : result.strategies()) {
                Map<String, Double> metrics = new HashMap<>(strategy.metrics());
                metrics.put(Metric.BYTES_PER_MESSAGE.key(), round.number() == 1 ? 200 : bytes);
                metrics.put(Metric.LOST.key(), lost);
                strategies.add(StrategyResult.of(strategy.strategy(), metrics));
            }
            rounds.add(new AbComparison.Round(round.number(), round.side(), new RunResult(RunResult.SCHEMA_VERSION,
                    "now", true, null, null, Map.of(), null, strategies)));
        }
        List<AbComparison.Row> rows = AbComparison.compare(rounds, SETTINGS);
        AbComparison.Row bytes = row(rows, "websocket", Metric.BYTES_PER_MESSAGE);
        assertTrue(bytes.interval().ratio() > 1.1, bytes.toString());
        assertEquals(AbComparison.Verdict.OK, bytes.verdict(), AbFormat.text(rows, SETTINGS));
        assertEquals("over tolerance, not significant", bytes.note());
        assertEquals(AbComparison.Verdict.REGRESSION, row(rows, "websocket", Metric.LOST).verdict());
    }

    @Test
    void tiesEverywhereAreNoRegression() {
        Shape flat = new Shape(100, 109, 0);
        List<AbComparison.Row> rows = AbComparison.compare(rounds(5, flat, flat, 5), SETTINGS);
        AbComparison.Row cpu = row(rows, "websocket", Metric.SERVER_CPU_US_PER_MESSAGE);
        assertEquals(1.0, cpu.p(), 1e-12);
        assertEquals(1.0, cpu.interval().ratio(), 1e-12);
        assertEquals(0, AbComparison.exitCode(rows));
    }

    @Test
    void tooFewRoundsIsUndecidedNeverAVerdict() {
        // Three rounds a side: even a 50% slowdown cannot be declared; neither can "ok".
        List<AbComparison.Row> rows = AbComparison.compare(
                rounds(3, new Shape(100, 109, 0.01), new Shape(150, 109, 0.01), 6), SETTINGS);
        AbComparison.Row cpu = row(rows, "websocket", Metric.SERVER_CPU_US_PER_MESSAGE);
        assertEquals(AbComparison.Verdict.UNDECIDED, cpu.verdict());
        assertEquals("not enough rounds to decide", cpu.note());
        assertEquals(2, AbComparison.exitCode(rows));
        assertTrue(AbFormat.text(rows, SETTINGS).contains("not enough rounds to decide"));
    }

    @Test
    void fourRoundsAreTooFewForSixTestedValuesButFiveAreEnough() {
        Shape a = new Shape(100, 109, 0.01);
        Shape b = new Shape(150, 109, 0.01);
        assertEquals(2, AbComparison.exitCode(AbComparison.compare(rounds(4, a, b, 7), SETTINGS)));
        assertEquals(1, AbComparison.exitCode(AbComparison.compare(rounds(5, a, b, 7), SETTINGS)));
    }

    @Test
    void aStrategyMissingFromBIsARegression() {
        List<AbComparison.Round> rounds = new ArrayList<>();
        Shape shape = new Shape(100, 109, 0.01);
        for (AbComparison.Round round : rounds(5, shape, shape, 8)) {
            RunResult result = round.result();
            if (round.side() == Side.B) {
                result = new RunResult(result.schemaVersion(), "now", true, null, null, Map.of(), null,
                        List.of(result.strategies().get(0)));
            }
            rounds.add(new AbComparison.Round(round.number(), round.side(), result));
        }
        List<AbComparison.Row> rows = AbComparison.compare(rounds, SETTINGS);
        assertTrue(rows.stream().anyMatch(r -> r.strategy().equals("websocket") && r.metric().equals("(strategy)")
                && r.verdict() == AbComparison.Verdict.REGRESSION), AbFormat.text(rows, SETTINGS));
    }

    @Test
    void holmAdjustsUpAndKeepsOrder() {
        List<AbComparison.Row> rows = AbComparison.compare(
                rounds(6, new Shape(100, 109, 0.05), new Shape(100, 109, 0.05), 9), SETTINGS);
        long tested = rows.stream().filter(r -> !Double.isNaN(r.pAdjusted())).count();
        assertEquals(6, tested);
        rows.stream().filter(r -> !Double.isNaN(r.pAdjusted()))
                .forEach(r -> assertTrue(r.pAdjusted() >= r.p() && r.pAdjusted() <= 1, r.toString()));
    }

    @Test
    void abbaOrderAlternatesPairs() {
        assertEquals(List.of(Side.A, Side.B, Side.B, Side.A, Side.A, Side.B, Side.B, Side.A), Side.abba(4));
        assertEquals(List.of(Side.A, Side.B, Side.B, Side.A, Side.A, Side.B), Side.abba(3));
    }
}
