package deliverybench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a comparison as text (a terminal), markdown (a CI comment) or json (a machine). */
public final class ComparisonFormat {

    public enum Kind { TEXT, MARKDOWN, JSON }

    private ComparisonFormat() {
    }

    public static String format(List<Comparison.Row> rows, Kind kind) {
        return switch (kind) {
            case TEXT -> text(rows);
            case MARKDOWN -> markdown(rows);
            case JSON -> json(rows);
        };
    }

    private static String text(List<Comparison.Row> rows) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-15s %-26s %12s %12s %9s  %s%n",
                "strategy", "metric", "baseline", "current", "change", "verdict"));
        for (Comparison.Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-15s %-26s %12s %12s %9s  %s%n", row.strategy(), row.metric(),
                    number(row.baseline()), number(row.current()), change(row), verdict(row)));
        }
        out.append(summary(rows)).append('\n');
        return out.toString();
    }

    private static String markdown(List<Comparison.Row> rows) {
        StringBuilder out = new StringBuilder("| strategy | metric | baseline | current | change | verdict |\n");
        out.append("|---|---|---:|---:|---:|---|\n");
        for (Comparison.Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", row.strategy(), row.metric(),
                    number(row.baseline()), number(row.current()), change(row),
                    row.regression() ? "**" + verdict(row) + "**" : verdict(row)));
        }
        out.append('\n').append(summary(rows)).append('\n');
        return out.toString();
    }

    private static String json(List<Comparison.Row> rows) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("regressions", Comparison.regressions(rows));
        root.put("rows", rows.stream().map(row -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("strategy", row.strategy());
            r.put("metric", row.metric());
            r.put("baseline", finite(row.baseline()));
            r.put("current", finite(row.current()));
            r.put("change_percent", finite(row.changePercent()));
            r.put("tolerance_relative", row.tolerance().relative());
            r.put("tolerance_absolute", row.tolerance().absolute());
            r.put("regression", row.regression());
            r.put("note", row.note());
            return r;
        }).toList());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    private static String summary(List<Comparison.Row> rows) {
        long regressions = Comparison.regressions(rows);
        return regressions == 0 ? "no regression in " + rows.size() + " compared values"
                : regressions + " regression" + (regressions == 1 ? "" : "s") + " in " + rows.size() + " compared values";
    }

    private static String verdict(Comparison.Row row) {
        if (row.regression()) {
            return "REGRESSION" + (row.note().equals("over tolerance") ? "" : " (" + row.note() + ")");
        }
        return row.note().isEmpty() ? "ok" : "ok (" + row.note() + ")";
    }

    private static String change(Comparison.Row row) {
        double change = row.changePercent();
        if (Double.isNaN(change)) {
            return "-";
        }
        if (Double.isInfinite(change)) {
            return "new";
        }
        return String.format(Locale.ROOT, "%+.1f%%", change);
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.3f", value);
    }
}
