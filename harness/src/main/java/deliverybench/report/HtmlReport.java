package deliverybench.report;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.driver.StrategyResult;
import deliverybench.driver.Table;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html} for a run folder: one self-contained page (no network) with the charts, the
 * side-by-side table, theory beside measurement, the configuration and the machine.
 */
public final class HtmlReport {

    /** The bars: metric, title, unit. */
    private static final String[][] BARS = {
            {"requests_per_message", "Requests per delivered message", "requests"},
            {"bytes_per_message", "Wire bytes per delivered message", "bytes"},
            {"wasted_ratio", "Wasted (empty) answers", "fraction of requests"},
            {"store_reads_per_message", "Store reads per delivered message", "reads"},
            {"server_cpu_us_per_message", "Server CPU per delivered message", "microseconds"}};

    private HtmlReport() {
    }

    /** Writes {@code report.html} into the run folder and returns its path. */
    public static Path write(Path runDir) throws IOException {
        Path out = runDir.resolve("report.html");
        Files.writeString(out, render(runDir));
        return out;
    }

    static String render(Path runDir) throws IOException {
        JsonNode run = RunFiles.runJson(runDir);
        List<StrategyResult> results = results(run);
        List<String> names = results.stream().map(StrategyResult::strategy).toList();
        double floorUs = run.path("floor").path("tcp_ping_p50_us").asDouble(Double.NaN);

        Map<String, Histogram[]> percentiles = new LinkedHashMap<>();
        Map<String, List<double[]>> overTime = new LinkedHashMap<>();
        for (String name : names) {
            RunFiles.Latencies latencies = RunFiles.latencies(runDir, name);
            percentiles.put(name, new Histogram[]{latencies.corrected(), latencies.uncorrected()});
            overTime.put(name, latencies.p99BySecond());
        }

        Page page = new Page("deliverybench run " + run.path("started_at").asText());
        page.raw("<p class=sub>" + esc(describe(run.get("configuration"))) + "</p>");
        if (!run.path("completed").asBoolean(true)) {
            page.raw("<p class=flag>This run did not finish: " + esc(run.path("failure").asText()) + "</p>");
        }
        page.section("glance", "At a glance");
        page.raw(glance(results));
        page.section("table", "Side by side");
        page.raw("<pre>" + esc(Table.render(results)) + "</pre>");
        page.section("theory", "Theory beside measurement");
        page.raw(theory(run, results, floorUs));
        page.section("percentiles", "Latency by percentile");
        page.img(Charts.percentiles(percentiles), "latency by percentile, corrected and uncorrected, per strategy");
        page.raw("<p>Corrected latency is measured from when each message should have been sent; uncorrected from "
                + "when it was. Where the two part, the sender fell behind its schedule (a stall): the uncorrected "
                + "line hides what a user waited.</p>");
        page.raw(stallNote(results));
        page.raw(restartNote(results, run.path("configuration").path("contract").asInt(2)));
        page.section("over-time", "Latency over time");
        page.img(Charts.overTime(overTime), "latency p99 per second, per strategy");
        page.section("cost", "What each delivery costs");
        page.raw("<div class=bars>");
        for (String[] bar : BARS) {
            List<Double> values = results.stream().map(r -> r.get(bar[0])).toList();
            page.img(Charts.bars(bar[1], bar[2], names, values), bar[1]);
        }
        page.raw("</div>");
        page.section("configuration", "Configuration");
        page.raw(keyValues(run.get("configuration")));
        page.section("machine", "Machine and floor");
        page.raw(keyValues(run.get("machine")));
        page.raw(keyValues(run.get("floor")));
        return page.html();
    }

    /** Says where the corrected and uncorrected p99 part: the stall the uncorrected histogram hides. */
    private static String stallNote(List<StrategyResult> results) {
        StringBuilder out = new StringBuilder();
        for (StrategyResult result : results) {
            double corrected = result.get("latency_p99_us");
            double uncorrected = result.get("uncorrected_latency_p99_us");
            if (corrected > 2 * uncorrected && corrected - uncorrected > 10_000) {
                out.append("<li><b>").append(esc(result.strategy())).append("</b>: corrected p99 ")
                        .append(esc(Table.latency(corrected))).append(" against uncorrected ")
                        .append(esc(Table.latency(uncorrected))).append("</li>");
            }
        }
        return out.length() == 0 ? "" : "<p class=flag>Here the sender fell behind its schedule, so measuring from "
                + "the actual send would hide the wait (coordinated omission):</p><ul>" + out + "</ul>";
    }

    /** Splits the loss of a run with a restart: what the old server held, and what was missed after it. */
    static String restartNote(List<StrategyResult> results, int contract) {
        StringBuilder out = new StringBuilder();
        for (StrategyResult result : results) {
            double atRestart = result.get("lost_to_restart");
            double after = result.get("lost") - atRestart;
            if (Double.isNaN(atRestart) || result.get("lost") <= 0) {
                continue;
            }
            out.append("<li><b>").append(esc(result.strategy())).append("</b>: ")
                    .append(String.format(Locale.ROOT, "%.0f", atRestart))
                    .append(" held by the old server and gone with its inboxes; ")
                    .append(String.format(Locale.ROOT, "%.0f", after))
                    .append(" missed after the restart").append(after <= 0 ? ""
                            : contract == 1 ? " (receivers resumed as contract v1 clients, without the epoch: those that "
                            + "came back after the new inbox passed their old after were not told)"
                            : " (not expected with the epoch: a client came back too late to be delivered in the grace period?)")
                    .append("</li>");
        }
        return out.length() == 0 ? "" : "<p class=flag>The server restarted with empty inboxes; of the messages lost:</p><ul>"
                + out + "</ul>";
    }

    static List<StrategyResult> results(JsonNode run) {
        List<StrategyResult> results = new ArrayList<>();
        for (JsonNode strategy : run.path("strategies")) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = strategy.get("metrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> metric = it.next();
                metrics.put(metric.getKey(), metric.getValue().isNumber() ? metric.getValue().asDouble() : Double.NaN);
            }
            results.add(new StrategyResult(strategy.get("strategy").asText(), metrics));
        }
        return results;
    }

    /** Which strategy wins on what: lowest latency, fewest bytes, requests and CPU per message. */
    private static String glance(List<StrategyResult> results) {
        String[][] questions = {
                {"latency_p50_us", "Lowest median latency"}, {"latency_p99_us", "Lowest p99 latency"},
                {"bytes_per_message", "Fewest wire bytes per message"}, {"requests_per_message", "Fewest requests per message"},
                {"server_cpu_us_per_message", "Least server CPU per message"}, {"lost", "Fewest lost"},
                {"reconnects", "Fewest reconnects"}};
        StringBuilder out = new StringBuilder("<ul>");
        for (String[] question : questions) {
            StrategyResult best = null;
            for (StrategyResult result : results) {
                double value = result.get(question[0]);
                if (!Double.isNaN(value) && (best == null || value < best.get(question[0]))) {
                    best = result;
                }
            }
            if (best != null) {
                out.append("<li>").append(esc(question[1])).append(": <b>").append(esc(best.strategy())).append("</b> (")
                        .append(esc(number(best.get(question[0])))).append(")</li>");
            }
        }
        out.append("<li>Delivery observed: ");
        for (int i = 0; i < results.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(esc(results.get(i).strategy())).append(" <b>")
                    .append(esc(results.get(i).verdict())).append("</b>");
        }
        return out.append("</li></ul>").toString();
    }

    private static String theory(JsonNode run, List<StrategyResult> results, double floorUs) {
        StringBuilder out = new StringBuilder("<table><tr><th>strategy</th><th>metric</th><th>predicted</th>"
                + "<th>band</th><th>measured</th><th></th><th>why</th></tr>");
        for (StrategyResult result : results) {
            JsonNode metrics = findMetrics(run, result.strategy());
            for (Prediction p : Theory.predict(result.strategy(), run.get("configuration"), floorUs, metrics)) {
                out.append("<tr").append(p.flagged() ? " class=flag" : "").append("><td>").append(esc(result.strategy()))
                        .append("</td><td>").append(esc(p.metric())).append("</td><td>").append(number(p.predicted()))
                        .append("</td><td>").append(number(p.low())).append(" to ").append(number(p.high()))
                        .append("</td><td>").append(number(p.measured())).append("</td><td>")
                        .append(p.flagged() ? "outside the band" : "").append("</td><td>").append(esc(p.reason()))
                        .append("</td></tr>");
            }
        }
        return out.append("</table><p>Latencies in microseconds. One transit is half the loopback round trip "
                + "measured before the run; the bands allow " + (int) Theory.PROCESSING_SLACK
                + " round trips of server work on loopback.</p>").toString();
    }

    static JsonNode findMetrics(JsonNode run, String strategy) {
        for (JsonNode entry : run.path("strategies")) {
            if (strategy.equals(entry.get("strategy").asText())) {
                return entry.get("metrics");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String describe(JsonNode c) {
        if (c == null) {
            return "";
        }
        return String.format(Locale.ROOT, "%s clients x %s devices, %s msg/s %s, %s B, %s ms measured after %s ms warm-up; "
                        + "short poll every %s ms, long poll wait %s s",
                c.path("clients").asText(), c.path("devices").asText(), c.path("rate_per_second").asText(),
                c.path("arrival").asText(), c.path("payload_bytes").asText(), c.path("duration_ms").asText(),
                c.path("warmup_ms").asText(), c.path("poll_interval_ms").asText(), c.path("poll_wait_s").asText());
    }

    private static String keyValues(JsonNode node) {
        if (node == null || !node.isObject()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<table class=kv>");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            out.append("<tr><th>").append(esc(entry.getKey())).append("</th><td>")
                    .append(esc(entry.getValue().isTextual() ? entry.getValue().asText() : entry.getValue().toString()))
                    .append("</td></tr>");
        }
        return out.append("</table>").toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Double.isInfinite(value)) {
            return "any";
        }
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The page's frame: a title, sections with ids, and a style sheet of its own. */
    private static final class Page {
        private final StringBuilder body = new StringBuilder();
        private final String title;

        Page(String title) {
            this.title = title;
        }

        void section(String id, String heading) {
            body.append("<h2 id=").append(id).append('>').append(esc(heading)).append("</h2>\n");
        }

        void img(String dataUri, String alt) {
            body.append("<img src=\"").append(dataUri).append("\" alt=\"").append(esc(alt)).append("\">\n");
        }

        void raw(String html) {
            body.append(html).append('\n');
        }

        String html() {
            return "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>" + esc(title) + "</title>\n"
                    + "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                    + "pre{background:#f6f6f6;padding:1em;overflow-x:auto}table{border-collapse:collapse;margin:1em 0}"
                    + "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
                    + ".flag{background:#fde2e2}.sub{color:#555}.bars img{width:49%}img{max-width:100%}</style>\n"
                    + "</head><body>\n<h1>" + esc(title) + "</h1>\n" + body + "</body></html>\n";
        }
    }
}
