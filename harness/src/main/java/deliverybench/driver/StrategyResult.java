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

    public double get(String metric) {
        Double value = metrics.get(metric);
        return value == null ? Double.NaN : value;
    }
}
