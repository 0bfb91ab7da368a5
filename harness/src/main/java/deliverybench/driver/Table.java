package deliverybench.driver;

import java.util.List;
import java.util.Locale;

/** The side-by-side table: a column per strategy, a row per metric, 80 columns wide for four strategies. */
public final class Table {

    /** One row: its label, the metric it shows, and how to format it. */
    private record Row(String label, String metric, Format format, boolean onlyWhenNonZero) {
        Row(String label, String metric, Format format) {
            this(label, metric, format, false);
        }
    }

    private enum Format { COUNT, LATENCY, RATIO, DECIMAL, BYTES, MULTIPLE }

    private static final List<Row> ROWS = List.of(
            new Row("messages sent", "sent", Format.COUNT),
            new Row("delivered (all devices)", "delivered", Format.COUNT),
            new Row("lost", "lost", Format.COUNT),
            new Row("  of them at a restart", "lost_to_restart", Format.COUNT, true),
            new Row("duplicates", "duplicates", Format.COUNT),
            new Row("out of order", "out_of_order", Format.COUNT),
            new Row("reconnects", "reconnects", Format.COUNT),
            new Row("told gone (410)", "gone", Format.COUNT),
            new Row("latency p50", "latency_p50_us", Format.LATENCY),
            new Row("latency p90", "latency_p90_us", Format.LATENCY),
            new Row("latency p99", "latency_p99_us", Format.LATENCY),
            new Row("latency p99.9", "latency_p999_us", Format.LATENCY),
            new Row("latency max", "latency_max_us", Format.LATENCY),
            new Row("uncorrected p99", "uncorrected_latency_p99_us", Format.LATENCY),
            new Row("p50 / loopback floor", "latency_p50_floor_multiple", Format.MULTIPLE),
            new Row("server requests/s", "server_requests_per_second", Format.DECIMAL),
            new Row("wasted (empty) ratio", "wasted_ratio", Format.RATIO),
            new Row("requests per message", "requests_per_message", Format.DECIMAL),
            new Row("wire bytes per message", "bytes_per_message", Format.BYTES),
            new Row("store reads per msg", "store_reads_per_message", Format.DECIMAL),
            new Row("server CPU us per msg", "server_cpu_us_per_message", Format.DECIMAL),
            new Row("server threads", "server_threads", Format.COUNT),
            new Row("server heap", "server_heap_bytes", Format.BYTES),
            new Row("server heap peak", "server_heap_peak_bytes", Format.BYTES),
            new Row("send bytes per message", "send_bytes_per_message", Format.BYTES),
            new Row("driver lag p99", "driver_lag_p99_us", Format.LATENCY),
            new Row("driver CPU %", "driver_cpu_percent", Format.DECIMAL),
            new Row("driver threads", "driver_threads", Format.COUNT));

    private static final int LABEL_WIDTH = 24;
    private static final int COLUMN_WIDTH = 14;

    private Table() {
    }

    public static String render(List<StrategyResult> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-" + LABEL_WIDTH + "s", ""));
        for (StrategyResult result : results) {
            out.append(String.format("%" + COLUMN_WIDTH + "s", result.strategy()));
        }
        out.append('\n');
        out.append(String.format("%-" + LABEL_WIDTH + "s", "verdict"));
        for (StrategyResult result : results) {
            // The table's short form; run.json and the report say "in order" or "out of order" too.
            out.append(String.format("%" + COLUMN_WIDTH + "s", result.verdict().replace(" in order", "")
                    .replace("exactly-once out of order", "unordered")));
        }
        out.append('\n');
        for (Row row : ROWS) {
            if (row.onlyWhenNonZero() && results.stream().noneMatch(r -> r.get(row.metric()) > 0)) {
                continue;
            }
            out.append(String.format("%-" + LABEL_WIDTH + "s", row.label()));
            for (StrategyResult result : results) {
                out.append(String.format("%" + COLUMN_WIDTH + "s", format(result.get(row.metric()), row.format())));
            }
            out.append('\n');
        }
        return out.toString();
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

    private static String format(double value, Format format) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return switch (format) {
            case COUNT -> String.format(Locale.ROOT, "%.0f", value);
            case LATENCY -> latency(value);
            case RATIO -> String.format(Locale.ROOT, "%.2f", value);
            case DECIMAL -> value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
            case BYTES -> bytes(value);
            case MULTIPLE -> String.format(Locale.ROOT, "%.1fx", value);
        };
    }

    private static String bytes(double value) {
        if (value < 10_000) {
            return String.format(Locale.ROOT, "%.0fB", value);
        }
        if (value < 10_000_000) {
            return String.format(Locale.ROOT, "%.0fKB", value / 1_000);
        }
        return String.format(Locale.ROOT, "%.0fMB", value / 1_000_000);
    }
}
