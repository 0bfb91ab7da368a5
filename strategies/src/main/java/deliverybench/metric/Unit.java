package deliverybench.metric;

import java.util.Locale;

/** What a metric's number counts, and so how it is written for people: 850us, 12.3ms, 1.20s; 827B, 12KB. */
public enum Unit {
    COUNT,
    MICROSECONDS,
    RATIO,
    DECIMAL,
    BYTES,
    MULTIPLE,
    PERCENT;

    /** The value as the table and the report write it; "-" when not measured. */
    public String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return switch (this) {
            case COUNT -> String.format(Locale.ROOT, "%.0f", value);
            case MICROSECONDS -> latency(value);
            case RATIO -> String.format(Locale.ROOT, "%.2f", value);
            case DECIMAL, PERCENT -> value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.2f", value);
            case BYTES -> bytes(value);
            case MULTIPLE -> String.format(Locale.ROOT, "%.1fx", value);
        };
    }

    /** A latency given in microseconds, with a unit that keeps it short: 850us, 12.3ms, 1.20s. */
    public static String latency(double us) {
        if (Double.isNaN(us)) {
            return "-";
        }
        if (us < 1_000) {
            return String.format(Locale.ROOT, "%.0fus", us);
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fms", us / 1_000);
        }
        return String.format(Locale.ROOT, "%.2fs", us / 1_000_000);
    }

    static String bytes(double value) {
        if (value < 10_000) {
            return String.format(Locale.ROOT, "%.0fB", value);
        }
        if (value < 10_000_000) {
            return String.format(Locale.ROOT, "%.0fKB", value / 1_000);
        }
        return String.format(Locale.ROOT, "%.0fMB", value / 1_000_000);
    }
}
