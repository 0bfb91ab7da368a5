package deliverybench.measure;

import deliverybench.metric.Metric;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The metrics of one strategy run as they are measured, by catalogue entry; NaN or absent means "not measured". */
public final class MetricValues {

    private final EnumMap<Metric, Double> values = new EnumMap<>(Metric.class);

    public MetricValues put(Metric metric, double value) {
        values.put(metric, value);
        return this;
    }

    public double get(Metric metric) {
        Double value = values.get(metric);
        return value == null ? Double.NaN : value;
    }

    /** The six latency figures of a corrected histogram (ns). */
    public MetricValues corrected(Histogram ns) {
        return latency(ns, Metric.LATENCY_P50_US, Metric.LATENCY_P90_US, Metric.LATENCY_P99_US, Metric.LATENCY_P999_US,
                Metric.LATENCY_MAX_US, Metric.LATENCY_MEAN_US);
    }

    /** The six latency figures of an uncorrected histogram (ns). */
    public MetricValues uncorrected(Histogram ns) {
        return latency(ns, Metric.UNCORRECTED_LATENCY_P50_US, Metric.UNCORRECTED_LATENCY_P90_US,
                Metric.UNCORRECTED_LATENCY_P99_US, Metric.UNCORRECTED_LATENCY_P999_US,
                Metric.UNCORRECTED_LATENCY_MAX_US, Metric.UNCORRECTED_LATENCY_MEAN_US);
    }

    private MetricValues latency(Histogram ns, Metric p50, Metric p90, Metric p99, Metric p999, Metric max, Metric mean) {
        put(p50, us(ns.getValueAtPercentile(50)));
        put(p90, us(ns.getValueAtPercentile(90)));
        put(p99, us(ns.getValueAtPercentile(99)));
        put(p999, us(ns.getValueAtPercentile(99.9)));
        put(max, us(ns.getMaxValue()));
        put(mean, ns.getTotalCount() == 0 ? Double.NaN : ns.getMean() / 1_000.0);
        return this;
    }

    /** By key, in catalogue order: what run.json and summary.csv hold. */
    public Map<String, Double> byKey() {
        Map<String, Double> out = new LinkedHashMap<>();
        values.forEach((metric, value) -> out.put(metric.key(), value));
        return out;
    }

    public static double us(long ns) {
        return ns / 1_000.0;
    }
}
