package deliverybench.results;

import deliverybench.metric.Metric;

import java.util.ArrayList;
import java.util.List;

/** The side-by-side table: a column per strategy, a row per catalogue metric that shows in it. */
public final class Table {

    private static final int GAP = 2;

    private Table() {
    }

    public static String render(List<StrategyResult> results) {
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[results.size() + 1];
        header[0] = "";
        String[] verdicts = new String[results.size() + 1];
        verdicts[0] = "verdict";
        for (int i = 0; i < results.size(); i++) {
            header[i + 1] = results.get(i).strategy();
            // The table's short form; run.json and the report say "in order" or "out of order" too.
            verdicts[i + 1] = results.get(i).verdict().replace(" in order", "")
                    .replace("exactly-once out of order", "unordered");
        }
        String[] limits = new String[results.size() + 1];
        limits[0] = "limited by";
        for (int i = 0; i < results.size(); i++) {
            limits[i + 1] = results.get(i).limit() == null ? "-" : results.get(i).limit();
        }
        rows.add(header);
        rows.add(verdicts);
        rows.add(limits);
        for (Metric metric : Metric.values()) {
            if (!shows(metric, results)) {
                continue;
            }
            String[] row = new String[results.size() + 1];
            row[0] = metric.label();
            for (int i = 0; i < results.size(); i++) {
                row[i + 1] = metric.format(results.get(i).get(metric));
            }
            rows.add(row);
        }
        return layout(rows);
    }

    /**
     * What must be read before the table, as wrk2 says it: a strategy whose driver could not send what
     * was asked, or held messages in its own queue, measured the driver, not the server.
     */
    public static List<String> warnings(List<StrategyResult> results) {
        List<String> lines = new ArrayList<>();
        for (StrategyResult result : results) {
            double asked = result.get(Metric.SEND_RATE_ASKED);
            double achieved = result.get(Metric.SEND_RATE_ACHIEVED);
            String name = result.strategy();
            if (achieved < 0.95 * asked) {
                lines.add(String.format(java.util.Locale.ROOT, "%s sent %.0f msg/s of the %.0f asked (%.0f%%); "
                                + "messages waited in the driver up to %s (send delay p99 %s), limited by %s",
                        name, achieved, asked, 100 * achieved / asked,
                        Metric.DRIVER_SEND_DELAY_MAX_US.format(result.get(Metric.DRIVER_SEND_DELAY_MAX_US)),
                        Metric.DRIVER_SEND_DELAY_P99_US.format(result.get(Metric.DRIVER_SEND_DELAY_P99_US)),
                        result.limit() == null ? "-" : result.limit()));
            } else if ("driver".equals(result.limit()) || "shared cores".equals(result.limit())) {
                lines.add(String.format(java.util.Locale.ROOT, "%s was limited by %s: driver send delay p99 %s, pacer "
                                + "lag p99 %s, driver CPU %.0f%%; its latency is not the server's alone",
                        name, result.limit(), Metric.DRIVER_SEND_DELAY_P99_US.format(result.get(Metric.DRIVER_SEND_DELAY_P99_US)),
                        Metric.DRIVER_LAG_P99_US.format(result.get(Metric.DRIVER_LAG_P99_US)),
                        result.get(Metric.DRIVER_CPU_PERCENT)));
            }
            double periods = result.get(Metric.RADIO_WINDOW_PERIODS);
            if (periods < 3) {
                lines.add(String.format(java.util.Locale.ROOT, "%s: its radio figures per device-hour come from a window "
                        + "of %.1f periods of its slowest periodic event (under 3): an extrapolation, lengthen --duration",
                        name, periods));
            }
            if (result.get(Metric.NOT_SENT) > 0) {
                lines.add(String.format(java.util.Locale.ROOT, "%s: %.0f scheduled messages were never sent (the drain's "
                        + "bound ran out with them in the driver's queue); they are not counted lost", name,
                        result.get(Metric.NOT_SENT)));
            }
        }
        return lines;
    }

    private static boolean shows(Metric metric, List<StrategyResult> results) {
        return switch (metric.show()) {
            case TABLE -> true;
            case WHEN_NONZERO -> results.stream().anyMatch(r -> r.get(metric) > 0);
            case WHEN_MEASURED -> results.stream().anyMatch(r -> !Double.isNaN(r.get(metric)));
            case HIDDEN -> false;
        };
    }

    /** The label column left-aligned, every other right-aligned, each as wide as its widest cell. */
    private static String layout(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            out.append(String.format("%-" + widths[0] + "s", row[0]));
            for (int c = 1; c < columns; c++) {
                out.append(String.format("%" + (widths[c] + GAP) + "s", row[c]));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
