package deliverybench.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A baseline run against a current one, metric by metric. Metrics that do not depend on machine
 * speed have tight tolerances; latency and CPU have loose, configurable ones. For every compared
 * metric a higher value is worse, so an improvement never fails.
 */
public final class Comparison {

    /** How far a metric may rise: a regression when {@code new - old > max(relative * |old|, absolute)}. */
    public record Tolerance(double relative, double absolute) {
    }

    /** One compared value. {@code regression} is false for improvements and changes within tolerance. */
    public record Row(String strategy, String metric, double baseline, double current, Tolerance tolerance,
                      boolean regression, String note) {

        public double changePercent() {
            return baseline == 0 ? (current == 0 ? 0 : Double.POSITIVE_INFINITY) : 100 * (current - baseline) / Math.abs(baseline);
        }
    }

    /** The input could not be compared; exit status 2. */
    public static final class BadInput extends Exception {
        public BadInput(String message) {
            super(message);
        }
    }

    private Comparison() {
    }

    /** The metrics compared and their tolerances, given the loose ones for latency and CPU. */
    public static Map<String, Tolerance> tolerances(double latencyTolerance, double cpuTolerance) {
        java.util.LinkedHashMap<String, Tolerance> t = new java.util.LinkedHashMap<>();
        t.put("lost", new Tolerance(0, 0));
        t.put("duplicates", new Tolerance(0, 0));
        t.put("out_of_order", new Tolerance(0, 0));
        t.put("send_errors", new Tolerance(0, 0));
        t.put("requests_per_message", new Tolerance(0.15, 0.05));
        t.put("wasted_ratio", new Tolerance(0, 0.05));
        t.put("bytes_per_message", new Tolerance(0.10, 5));
        t.put("send_bytes_per_message", new Tolerance(0.05, 5));
        t.put("store_reads_per_message", new Tolerance(0.15, 0.05));
        t.put("latency_p50_us", new Tolerance(latencyTolerance, 2_000));
        t.put("latency_p99_us", new Tolerance(latencyTolerance, 2_000));
        t.put("server_cpu_us_per_message", new Tolerance(cpuTolerance, 50));
        return t;
    }

    public static List<Row> compare(JsonNode baseline, JsonNode current, Map<String, Tolerance> tolerances)
            throws BadInput {
        check(baseline, "baseline");
        check(current, "current");
        List<Row> rows = new ArrayList<>();
        for (JsonNode base : baseline.get("strategies")) {
            String strategy = base.get("strategy").asText();
            JsonNode now = find(current, strategy);
            if (now == null) {
                rows.add(new Row(strategy, "(strategy)", Double.NaN, Double.NaN, new Tolerance(0, 0), true,
                        "missing from the current run"));
                continue;
            }
            for (Map.Entry<String, Tolerance> entry : tolerances.entrySet()) {
                double old = value(base, entry.getKey());
                double neu = value(now, entry.getKey());
                if (Double.isNaN(old) && Double.isNaN(neu)) {
                    continue;
                }
                Tolerance tolerance = entry.getValue();
                boolean regression;
                String note;
                if (Double.isNaN(neu)) {
                    regression = true;
                    note = "not measured in the current run";
                } else if (Double.isNaN(old)) {
                    regression = false;
                    note = "new metric";
                } else {
                    double allowed = Math.max(tolerance.relative() * Math.abs(old), tolerance.absolute());
                    regression = neu - old > allowed;
                    note = regression ? "over tolerance" : "";
                }
                rows.add(new Row(strategy, entry.getKey(), old, neu, tolerance, regression, note));
            }
        }
        return rows;
    }

    public static long regressions(List<Row> rows) {
        return rows.stream().filter(Row::regression).count();
    }

    private static void check(JsonNode run, String which) throws BadInput {
        if (run == null || !run.isObject()) {
            throw new BadInput(which + " is not a run.json object");
        }
        JsonNode version = run.get("schema_version");
        if (version == null || version.asInt() != deliverybench.driver.ResultFiles.SCHEMA_VERSION) {
            throw new BadInput(which + " has schema_version " + version + "; this version reads "
                    + deliverybench.driver.ResultFiles.SCHEMA_VERSION);
        }
        JsonNode strategies = run.get("strategies");
        if (strategies == null || !strategies.isArray() || strategies.isEmpty()) {
            throw new BadInput(which + " has no strategies");
        }
        for (JsonNode strategy : strategies) {
            if (!strategy.hasNonNull("strategy") || !strategy.has("metrics") || !strategy.get("metrics").isObject()) {
                throw new BadInput(which + " has a strategy entry without 'strategy' and 'metrics'");
            }
        }
    }

    private static JsonNode find(JsonNode run, String strategy) {
        for (Iterator<JsonNode> it = run.get("strategies").elements(); it.hasNext(); ) {
            JsonNode entry = it.next();
            if (strategy.equals(entry.get("strategy").asText())) {
                return entry;
            }
        }
        return null;
    }

    private static double value(JsonNode strategy, String metric) {
        JsonNode value = strategy.get("metrics").get(metric);
        return value == null || value.isNull() || !value.isNumber() ? Double.NaN : value.asDouble();
    }
}
