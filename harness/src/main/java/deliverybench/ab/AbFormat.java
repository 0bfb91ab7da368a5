package deliverybench.ab;

import deliverybench.metric.Metric;

import java.util.List;
import java.util.Locale;

/** The gate's table: every compared metric with both medians, B/A, its interval, p and the verdict. */
public final class AbFormat {

    private static final String ROW = "%-12s %-26s %10s %10s %7s %17s %7s %7s  %s%n";

    private AbFormat() {
    }

    public static String text(List<AbComparison.Row> rows, AbComparison.Settings settings) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, ROW, "strategy", "metric", "A median",
                "B median", "B/A", Math.round(100 * settings.confidence()) + "% interval", "p", "p Holm", "verdict"));
        for (AbComparison.Row row : rows) {
            out.append(String.format(Locale.ROOT, ROW, row.strategy(), row.metric(), number(row.metric(), row.medianA()),
                    number(row.metric(), row.medianB()), ratio(row.interval().ratio()), interval(row.interval()), p(row.p()),
                    p(row.pAdjusted()), verdict(row)));
        }
        out.append(summary(rows, settings)).append('\n');
        return out.toString();
    }

    public static String summary(List<AbComparison.Row> rows, AbComparison.Settings settings) {
        long regressions = AbComparison.count(rows, AbComparison.Verdict.REGRESSION);
        long undecided = AbComparison.count(rows, AbComparison.Verdict.UNDECIDED);
        StringBuilder out = new StringBuilder(regressions == 0 ? "no regression"
                : regressions + " regression" + (regressions == 1 ? "" : "s"));
        out.append(" in ").append(rows.size()).append(" compared values");
        if (undecided > 0) {
            out.append("; ").append(undecided).append(" undecided: not enough rounds to decide");
        }
        out.append(String.format(Locale.ROOT, " (alpha %.2f, Holm over the tested latency and CPU values)",
                settings.alpha()));
        return out.toString();
    }

    static String verdict(AbComparison.Row row) {
        String word = switch (row.verdict()) {
            case OK -> "ok";
            case REGRESSION -> "REGRESSION";
            case UNDECIDED -> "UNDECIDED";
        };
        return row.note().isEmpty() ? word : word + " (" + row.note() + ")";
    }

    /** A median as the run's table writes that metric: 850us, 12.3ms; 109B; 57.70. */
    static String number(String metric, double value) {
        return Metric.byKey(metric).map(m -> m.format(value)).orElse(Double.isNaN(value) ? "-" : String.valueOf(value));
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String interval(RatioInterval interval) {
        return Double.isNaN(interval.low()) ? "-"
                : String.format(Locale.ROOT, "[%.3f, %.3f]", interval.low(), interval.high());
    }

    private static String p(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value < 0.001 ? String.format(Locale.ROOT, "%.1e", value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
