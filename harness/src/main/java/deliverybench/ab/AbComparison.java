package deliverybench.ab;

import deliverybench.metric.Gate;
import deliverybench.metric.Metric;
import deliverybench.report.Comparison;
import deliverybench.results.RunResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rounds of an A/B gate compared metric by metric, for every metric the catalogue gates. Metrics that do not
 * depend on machine speed are judged on the medians by {@code compare}'s own tolerances (rates per message also
 * by an unadjusted p under alpha, loss and duplicates by the medians alone); latency and CPU regress
 * only when B is larger with a Holm-adjusted one-sided Mann-Whitney p under alpha and the ratio of medians exceeds
 * the minimum effect. Holm's adjustment keeps the chance of any false alarm in a whole gate under alpha.
 */
public final class AbComparison {

    /** One gate run of one side, as its run.json holds it. */
    public record Round(int number, Side side, RunResult result) {
    }

    public enum Verdict { OK, REGRESSION, UNDECIDED }

    /**
     * One compared metric. {@code p} is the one-sided p-value of "B is larger", {@code pAdjusted} Holm's over the
     * tested rows (NaN for metrics judged by tolerance); {@code minEffect} the relative rise that matters.
     */
    public record Row(String strategy, String metric, Gate.Kind kind, int roundsA, int roundsB, double medianA,
                      double medianB, RatioInterval interval, double p, double pAdjusted, double minEffect,
                      Verdict verdict, String note) {
    }

    /** What the comparison needs to know besides the rounds. */
    public record Settings(double alpha, double latencyMinEffect, double cpuMinEffect, double confidence) {
        public static final Settings DEFAULT = new Settings(0.05, 0.15, 0.10, 0.95);
    }

    private AbComparison() {
    }

    public static List<Row> compare(List<Round> rounds, Settings settings) {
        Map<Metric, Comparison.Tolerance> tolerances =
                Comparison.tolerances(settings.latencyMinEffect(), settings.cpuMinEffect());
        List<Row> rows = new ArrayList<>();
        for (String strategy : strategies(rounds, Side.A)) {
            if (!measured(rounds, Side.B, strategy)) {
                rows.add(new Row(strategy, "(strategy)", Gate.Kind.NONE, 0, 0, Double.NaN, Double.NaN,
                        RatioInterval.of(new double[0], new double[0], settings.confidence()), Double.NaN, Double.NaN,
                        0, Verdict.REGRESSION, "missing from B's rounds"));
                continue;
            }
            for (Map.Entry<Metric, Comparison.Tolerance> entry : tolerances.entrySet()) {
                Row row = row(strategy, entry.getKey(), entry.getValue(), rounds, settings);
                if (row != null) {
                    rows.add(row);
                }
            }
        }
        return holm(rows, settings.alpha());
    }

    public static long count(List<Row> rows, Verdict verdict) {
        return rows.stream().filter(row -> row.verdict() == verdict).count();
    }

    /** 1 on any regression, else 2 when some metric could not be decided, else 0. */
    public static int exitCode(List<Row> rows) {
        return count(rows, Verdict.REGRESSION) > 0 ? 1 : count(rows, Verdict.UNDECIDED) > 0 ? 2 : 0;
    }

    private static Row row(String strategy, Metric metric, Comparison.Tolerance tolerance, List<Round> rounds,
                           Settings settings) {
        double[] a = values(rounds, Side.A, strategy, metric);
        double[] b = values(rounds, Side.B, strategy, metric);
        if (a.length == 0 && b.length == 0) {
            return null;
        }
        Gate.Kind kind = metric.gate().kind();
        double medianA = RatioInterval.median(a);
        double medianB = RatioInterval.median(b);
        RatioInterval interval = RatioInterval.of(a, b, settings.confidence());
        double p = MannWhitney.pGreater(a, b);
        if (b.length == 0) {
            return new Row(strategy, metric.key(), kind, a.length, 0, medianA, medianB, interval, Double.NaN, Double.NaN,
                    tolerance.relative(), Verdict.REGRESSION, "not measured in B");
        }
        if (a.length == 0) {
            return new Row(strategy, metric.key(), kind, 0, b.length, medianA, medianB, interval, Double.NaN, Double.NaN,
                    tolerance.relative(), Verdict.OK, "new metric");
        }
        if (kind == Gate.Kind.SHAPE) {
            // Machine-independent: the medians against compare's tolerance, as compare does. A rate per message
            // (requests, bytes) also drifts when an overloaded machine's driver falls behind, so it must rise in
            // most rounds too (p under alpha); loss and duplicates (any rise) fail on the medians alone.
            boolean over = medianB - medianA > Math.max(tolerance.relative() * Math.abs(medianA), tolerance.absolute());
            boolean anyRise = tolerance.relative() == 0 && tolerance.absolute() == 0;
            boolean regression = over && (anyRise || p < settings.alpha());
            String note = regression ? "over tolerance" : over ? "over tolerance, not significant" : "";
            return new Row(strategy, metric.key(), kind, a.length, b.length, medianA, medianB, interval, p, Double.NaN,
                    tolerance.relative(), regression ? Verdict.REGRESSION : Verdict.OK, note);
        }
        // Tested: the verdict waits for Holm's adjustment over every tested row.
        return new Row(strategy, metric.key(), kind, a.length, b.length, medianA, medianB, interval, p, Double.NaN,
                tolerance.relative(), Verdict.OK, "");
    }

    /** Holm's step-down adjustment over the tested rows, then their verdicts. */
    static List<Row> holm(List<Row> rows, double alpha) {
        List<Integer> tested = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Gate.Kind kind = rows.get(i).kind();
            if ((kind == Gate.Kind.LATENCY || kind == Gate.Kind.CPU) && !Double.isNaN(rows.get(i).p())) {
                tested.add(i);
            }
        }
        tested.sort(Comparator.comparingDouble(i -> rows.get(i).p()));
        int m = tested.size();
        List<Row> out = new ArrayList<>(rows);
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            Row row = rows.get(tested.get(rank));
            running = Math.max(running, Math.min(1, (m - rank) * row.p()));
            out.set(tested.get(rank), judged(row, running, m, alpha));
        }
        return out;
    }

    private static Row judged(Row row, double pAdjusted, int tests, double alpha) {
        double ratio = row.interval().ratio();
        boolean large = ratio > 1 + row.minEffect() || (row.medianA() == 0 && row.medianB() > 0);
        // The most significant outcome these round counts allow, adjusted as the first of Holm's steps.
        boolean decidable = MannWhitney.smallestP(row.roundsA(), row.roundsB()) * tests < alpha;
        Verdict verdict;
        String note;
        if (!decidable) {
            verdict = Verdict.UNDECIDED;
            note = "not enough rounds to decide";
        } else if (pAdjusted < alpha && large) {
            verdict = Verdict.REGRESSION;
            note = "significant and over " + Math.round(100 * row.minEffect()) + "%";
        } else {
            verdict = Verdict.OK;
            note = pAdjusted < alpha ? "significant, under " + Math.round(100 * row.minEffect()) + "%" : "";
        }
        return new Row(row.strategy(), row.metric(), row.kind(), row.roundsA(), row.roundsB(), row.medianA(),
                row.medianB(), row.interval(), row.p(), pAdjusted, row.minEffect(), verdict, note);
    }

    /** The fewest rounds a side with which {@code tests} tested metrics can still be declared at alpha. */
    public static int roundsNeeded(int tests, double alpha) {
        int n = 1;
        while (MannWhitney.smallestP(n, n) * tests >= alpha && n < 100) {
            n++;
        }
        return n;
    }

    private static Set<String> strategies(List<Round> rounds, Side side) {
        Set<String> names = new LinkedHashSet<>();
        for (Round round : rounds) {
            if (round.side() == side) {
                round.result().strategies().forEach(s -> names.add(s.strategy()));
            }
        }
        return names;
    }

    private static boolean measured(List<Round> rounds, Side side, String strategy) {
        return rounds.stream().anyMatch(r -> r.side() == side && r.result().find(strategy) != null);
    }

    /** That side's finite values of the metric, round by round. */
    static double[] values(List<Round> rounds, Side side, String strategy, Metric metric) {
        return rounds.stream().filter(r -> r.side() == side).map(r -> r.result().find(strategy))
                .filter(s -> s != null).mapToDouble(s -> s.get(metric)).filter(Double::isFinite).toArray();
    }
}
