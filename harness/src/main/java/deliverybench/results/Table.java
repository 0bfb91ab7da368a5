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
        rows.add(header);
        rows.add(verdicts);
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

    private static boolean shows(Metric metric, List<StrategyResult> results) {
        return switch (metric.show()) {
            case TABLE -> true;
            case WHEN_NONZERO -> results.stream().anyMatch(r -> r.get(metric) > 0);
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
