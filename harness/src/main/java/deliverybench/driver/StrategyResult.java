package deliverybench.driver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one strategy did in one run: every metric under a snake_case name with its unit last
 * ({@code latency_p99_us}, {@code bytes_per_message}). A NaN means "not measured here".
 */
public record StrategyResult(String strategy, Map<String, Double> metrics) {

    public StrategyResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * The delivery guarantee this run observed: {@code at-most-once} when anything was lost,
     * {@code at-least-once} when nothing was lost but duplicates reached the client, else
     * {@code exactly-once in order} (or {@code exactly-once out of order}). It says what happened,
     * not what the strategy promises.
     */
    public String verdict() {
        if (get("lost") > 0) {
            return "at-most-once";
        }
        if (get("duplicates") > 0) {
            return "at-least-once";
        }
        return get("out_of_order") > 0 ? "exactly-once out of order" : "exactly-once in order";
    }

    public double get(String metric) {
        Double value = metrics.get(metric);
        return value == null ? Double.NaN : value;
    }
}
