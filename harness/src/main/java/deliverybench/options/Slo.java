package deliverybench.options;

import deliverybench.metric.Metric;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A latency objective on the corrected latency, {@code p99=50ms}: a capacity step passes when its
 * percentile is within the bound and nothing was lost.
 *
 * @param metric  the corrected percentile it bounds
 * @param boundUs the bound, in microseconds
 */
public record Slo(Metric metric, double boundUs) {

    private static final Pattern SPEC = Pattern.compile("(p50|p90|p99|p999|p99\\.9)=(\\d+(?:ms|s|us))");

    public static Slo parse(String spec) {
        Matcher m = SPEC.matcher(spec.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--slo must be like p99=50ms (p50, p90, p99 or p999 of the corrected "
                    + "latency; a bound in us, ms or s), was '" + spec + "'");
        }
        Metric metric = switch (m.group(1)) {
            case "p50" -> Metric.LATENCY_P50_US;
            case "p90" -> Metric.LATENCY_P90_US;
            case "p99" -> Metric.LATENCY_P99_US;
            default -> Metric.LATENCY_P999_US;
        };
        String bound = m.group(2);
        double us;
        if (bound.endsWith("us")) {
            us = Double.parseDouble(bound.substring(0, bound.length() - 2));
        } else if (bound.endsWith("ms")) {
            us = Double.parseDouble(bound.substring(0, bound.length() - 2)) * 1_000;
        } else {
            us = Duration.ofSeconds(Long.parseLong(bound.substring(0, bound.length() - 1))).toNanos() / 1_000.0;
        }
        if (us <= 0) {
            throw new IllegalArgumentException("--slo needs a positive bound, was '" + spec + "'");
        }
        return new Slo(metric, us);
    }

    @Override
    public String toString() {
        return metric.label().replace("latency ", "") + "=" + metric.format(boundUs);
    }
}
