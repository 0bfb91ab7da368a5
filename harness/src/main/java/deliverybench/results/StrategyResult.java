package deliverybench.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import deliverybench.metric.Metric;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one strategy did in one run: every metric under its catalogue key, and the delivery guarantee
 * observed. A missing or null value means "not measured here".
 */
public record StrategyResult(String strategy, String verdict, String limit, Map<String, Double> metrics,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CapacityStep> steps,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String profile,
                             @JsonInclude(JsonInclude.Include.NON_NULL) CostModel costModel) {

    /** The folder of a run where the servers' flame graphs go ({@code run --profile}). */
    public static final String PROFILES = "profiles";

    public StrategyResult {
        LinkedHashMap<String, Double> copy = metrics == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metrics);
        // One spelling of "not measured", in memory as in run.json (JSON has no NaN): null.
        copy.replaceAll((key, value) -> value == null || value.isNaN() || value.isInfinite() ? null : value);
        metrics = Collections.unmodifiableMap(copy);
        // Run files from before verdicts were written carry none: read it off their metrics.
        verdict = verdict == null ? verdict(metrics) : verdict;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A result with its verdict read off its metrics, and no saturation verdict. */
    public static StrategyResult of(String strategy, Map<String, Double> metrics) {
        return of(strategy, null, metrics);
    }

    /** @param limit who was the limit: none, server, driver or shared cores; null when not judged */
    public static StrategyResult of(String strategy, String limit, Map<String, Double> metrics) {
        return new StrategyResult(strategy, verdict(metrics), limit, metrics, List.of(), null, null);
    }

    /** The same result with the steps of the capacity search that found it. */
    public StrategyResult withSteps(List<CapacityStep> searched) {
        return new StrategyResult(strategy, verdict, limit, metrics, searched, profile, costModel);
    }

    /** The same result with its server's flame graph: {@code profiles/<name>.html (mode)}, or why there is none. */
    public StrategyResult withProfile(String flameGraph) {
        return new StrategyResult(strategy, verdict, limit, metrics, steps, flameGraph, costModel);
    }

    /** The same result with the cost model its sweep fitted ({@code run --cost-model}). */
    public StrategyResult withCostModel(CostModel model) {
        return new StrategyResult(strategy, verdict, limit, metrics, steps, profile, model);
    }

    /**
     * The delivery guarantee a run observed: {@code at-most-once} when anything was lost,
     * {@code at-least-once} when nothing was lost but duplicates reached the client, else
     * {@code exactly-once in order} (or {@code exactly-once out of order}). It says what happened,
     * not what the strategy promises.
     */
    static String verdict(Map<String, Double> metrics) {
        if (value(metrics, Metric.LOST_IN_FAILOVER) > 0) {
            return String.format("at-most-once (%.0f lost in a failover)", value(metrics, Metric.LOST_IN_FAILOVER));
        }
        if (value(metrics, Metric.LOST) > 0) {
            return "at-most-once";
        }
        if (value(metrics, Metric.DUPLICATES) > 0) {
            return "at-least-once";
        }
        return value(metrics, Metric.OUT_OF_ORDER) > 0 ? "exactly-once out of order" : "exactly-once in order";
    }

    public double get(Metric metric) {
        return value(metrics, metric);
    }

    private static double value(Map<String, Double> metrics, Metric metric) {
        Double value = metrics.get(metric.key());
        return value == null ? Double.NaN : value;
    }
}
