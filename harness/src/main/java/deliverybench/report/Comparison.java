package deliverybench.report;

import deliverybench.metric.Gate;
import deliverybench.metric.Metric;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A baseline run against a current one, metric by metric, for every metric the catalogue gates.
 * Metrics that do not depend on machine speed have tight tolerances; latency and CPU have loose,
 * configurable ones. For every compared metric a higher value is worse, so an improvement never fails.
 */
public final class Comparison {

    /** How far a metric may rise: a regression when {@code new - old > max(relative * |old|, absolute)}. */
    public record Tolerance(double relative, double absolute) {
    }

    /** One compared value. {@code regression} is false for improvements and changes within tolerance. */
    public record Row(String strategy, String metric, double baseline, double current, Tolerance tolerance,
                      boolean regression, String note) {

        public double changePercent() {
            return baseline == 0 ? (current == 0 ? 0 : Double.POSITIVE_INFINITY) : 100 * (current - baseline) / Math.abs(baseline);
        }
    }

    /** The input could not be compared; exit status 2. */
    public static final class BadInput extends Exception {
        public BadInput(String message) {
            super(message);
        }
    }

    private Comparison() {
    }

    /** The compared metrics and their tolerances, given the loose ones for latency and CPU. */
    public static Map<Metric, Tolerance> tolerances(double latencyTolerance, double cpuTolerance) {
        Map<Metric, Tolerance> t = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            Gate gate = metric.gate();
            if (gate.compared()) {
                t.put(metric, new Tolerance(gate.relative(latencyTolerance, cpuTolerance), gate.absolute()));
            }
        }
        return t;
    }

    public static List<Row> compare(RunResult baseline, RunResult current, Map<Metric, Tolerance> tolerances)
            throws BadInput {
        check(baseline, "baseline");
        check(current, "current");
        List<Row> rows = new ArrayList<>();
        for (StrategyResult base : baseline.strategies()) {
            StrategyResult now = current.find(base.strategy());
            if (now == null) {
                rows.add(new Row(base.strategy(), "(strategy)", Double.NaN, Double.NaN, new Tolerance(0, 0), true,
                        "missing from the current run"));
                continue;
            }
            for (Map.Entry<Metric, Tolerance> entry : tolerances.entrySet()) {
                double old = base.get(entry.getKey());
                double neu = now.get(entry.getKey());
                if (Double.isNaN(old) && Double.isNaN(neu)) {
                    continue;
                }
                Tolerance tolerance = entry.getValue();
                boolean regression;
                String note;
                if (Double.isNaN(neu)) {
                    regression = true;
                    note = "not measured in the current run";
                } else if (Double.isNaN(old)) {
                    regression = false;
                    note = "new metric";
                } else {
                    double allowed = Math.max(tolerance.relative() * Math.abs(old), tolerance.absolute());
                    regression = neu - old > allowed;
                    note = regression ? "over tolerance" : "";
                }
                rows.add(new Row(base.strategy(), entry.getKey().key(), old, neu, tolerance, regression, note));
            }
        }
        return rows;
    }

    public static long regressions(List<Row> rows) {
        return rows.stream().filter(Row::regression).count();
    }

    /**
     * Whether every regression is of a timing metric (latency or server CPU), the ones a busy machine moves on its
     * own: a gate may measure once more before it believes them. False when there is none, or when any regression
     * is of a machine-independent metric (loss, bytes, requests), which a second run would not excuse.
     */
    public static boolean onlyTiming(List<Row> rows) {
        return regressions(rows) > 0 && rows.stream().filter(Row::regression).allMatch(row -> Metric.byKey(row.metric())
                .map(metric -> metric.gate().kind() == Gate.Kind.LATENCY || metric.gate().kind() == Gate.Kind.CPU)
                .orElse(false));
    }

    private static void check(RunResult run, String which) throws BadInput {
        if (run == null) {
            throw new BadInput(which + " is not a run.json object");
        }
        if (run.schemaVersion() != RunResult.SCHEMA_VERSION) {
            throw new BadInput(which + " has schema_version " + run.schemaVersion() + "; this version reads "
                    + RunResult.SCHEMA_VERSION);
        }
        if (run.strategies().isEmpty()) {
            throw new BadInput(which + " has no strategies");
        }
        for (StrategyResult strategy : run.strategies()) {
            if (strategy.strategy() == null || strategy.metrics().isEmpty()) {
                throw new BadInput(which + " has a strategy entry without 'strategy' and 'metrics'");
            }
        }
    }
}
