package deliverybench.report;

import deliverybench.metric.Metric;
import deliverybench.metric.Unit;
import deliverybench.results.CapacityStep;
import deliverybench.results.ResultFiles;
import deliverybench.results.RecordedOptions;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.results.Table;
import deliverybench.strategy.Prediction;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Theories;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html} for a run folder: one self-contained page (no network) with the charts, the
 * side-by-side table, theory beside measurement, the configuration and the machine. It reads only
 * the run's files.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /** The cost model's charts as one picture, beside report.html when the run swept one ({@code run --cost-model}). */
    public static final String COST_PNG = "cost-model.png";

    /** Writes {@code report.html} into the run folder (and {@link #COST_PNG} for a cost model) and returns its path. */
    public static Path write(Path runDir) throws IOException {
        Path out = runDir.resolve("report.html");
        Files.writeString(out, render(runDir));
        Map<String, deliverybench.results.CostModel> models = CostSection.models(ResultFiles.read(runDir).strategies());
        if (!models.isEmpty()) {
            Charts.costPng(models, runDir.resolve(COST_PNG));
        }
        return out;
    }

    static String render(Path runDir) throws IOException {
        RunResult run = ResultFiles.read(runDir);
        List<StrategyResult> results = run.strategies();
        List<String> names = results.stream().map(StrategyResult::strategy).toList();

        Map<String, Histogram[]> percentiles = new LinkedHashMap<>();
        Map<String, List<double[]>> overTime = new LinkedHashMap<>();
        for (String name : names) {
            HistogramLogs.Latencies latencies = HistogramLogs.latencies(runDir, name);
            percentiles.put(name, new Histogram[]{latencies.corrected(), latencies.uncorrected()});
            overTime.put(name, latencies.p99BySecond());
        }

        Page page = new Page("deliverybench run " + run.startedAt());
        if (run.configuration() != null) {
            page.raw("<p class=sub>" + esc(run.configuration().describe()) + "</p>");
        }
        if (!run.completed()) {
            page.raw("<p class=flag>This run did not finish: " + esc(String.valueOf(run.failure())) + "</p>");
        }
        List<String> warnings = Table.warnings(results);
        if (!warnings.isEmpty()) {
            page.raw("<p class=flag>Read this first: where the driver, not the server, was the limit.</p><ul class=flag>"
                    + warnings.stream().map(line -> "<li>" + esc(line) + "</li>").reduce("", String::concat) + "</ul>");
        }
        page.section("glance", "At a glance");
        page.raw(Glance.html(results, run.configuration()));
        page.section("table", "Side by side");
        page.raw("<pre>" + esc(Table.render(results)) + "</pre>");
        page.section("strategies", "The strategies");
        page.raw(strategies(results));
        page.section("theory", "Theory beside measurement");
        page.raw(theory(run));
        page.section("percentiles", "Latency by percentile");
        page.img(Charts.percentiles(percentiles), "latency by percentile, corrected and uncorrected, per strategy");
        page.raw("<p>Corrected latency is measured from when each message should have been sent; uncorrected from "
                + "when it was. Where the two part, the sender fell behind its schedule (a stall): the uncorrected "
                + "line hides what a user waited.</p>");
        page.raw(stallNote(results));
        page.raw(restartNote(results, run.configuration() == null ? 2 : run.configuration().contract()));
        Map<String, List<CapacityStep>> steps = new LinkedHashMap<>();
        results.stream().filter(r -> !r.steps().isEmpty()).forEach(r -> steps.put(r.strategy(), r.steps()));
        if (!steps.isEmpty()) {
            page.section("capacity", "Capacity");
            page.img(Charts.capacity(steps), "latency against throughput, per strategy, from the capacity search");
            page.raw(capacitySteps(steps));
        }
        Map<String, deliverybench.results.CostModel> models = CostSection.models(results);
        if (!models.isEmpty()) {
            page.section("cost-model", "Cost model: idle cost per client, marginal cost per message");
            page.raw(CostSection.fits(models));
            page.raw("<div class=bars>");
            for (Map.Entry<String, deliverybench.results.CostModel> model : models.entrySet()) {
                page.img(Charts.svgOf(Charts.cost(model.getKey(), model.getValue(), 450, 360)),
                        model.getKey() + ": server CPU against messages per second, measured points and fitted lines");
            }
            page.raw("</div>");
            page.raw(CostSection.points(models));
        }
        page.section("over-time", "Latency over time");
        page.img(Charts.overTime(overTime), "latency p99 per second, per strategy");
        page.section("cost", "What each delivery costs");
        page.raw("<div class=bars>");
        for (Metric metric : Metric.values()) {
            List<Double> values = results.stream().map(r -> r.get(metric)).toList();
            // A metric no result measured (the cluster's, on a single server) gets no empty chart.
            if (metric.bar().isPresent() && values.stream().anyMatch(v -> !v.isNaN())) {
                Metric.Bar bar = metric.bar().get();
                page.img(Charts.bars(bar.title(), bar.axis(), names, values), bar.title());
            }
        }
        page.raw("</div>");
        page.section("configuration", "Configuration");
        page.raw(keyValues(run.configuration() == null ? null : run.configuration().entries()));
        page.section("machine", "Machine and floor");
        page.raw(keyValues(run.machine()));
        page.raw(keyValues(ResultFiles.asMap(run.floor())));
        return page.html();
    }

    /** Says where the corrected and uncorrected p99 part: the stall the uncorrected histogram hides. */
    private static String stallNote(List<StrategyResult> results) {
        StringBuilder out = new StringBuilder();
        for (StrategyResult result : results) {
            double corrected = result.get(Metric.LATENCY_P99_US);
            double uncorrected = result.get(Metric.UNCORRECTED_LATENCY_P99_US);
            if (corrected > 2 * uncorrected && corrected - uncorrected > 10_000) {
                out.append("<li><b>").append(esc(result.strategy())).append("</b>: corrected p99 ")
                        .append(esc(Unit.latency(corrected))).append(" against uncorrected ")
                        .append(esc(Unit.latency(uncorrected))).append("</li>");
            }
        }
        return out.length() == 0 ? "" : "<p class=flag>Here the sender fell behind its schedule, so measuring from "
                + "the actual send would hide the wait (coordinated omission):</p><ul>" + out + "</ul>";
    }

    /** Splits the loss of a run with a restart: what the old server held, and what was missed after it. */
    static String restartNote(List<StrategyResult> results, int contract) {
        StringBuilder out = new StringBuilder();
        for (StrategyResult result : results) {
            double atRestart = result.get(Metric.LOST_TO_RESTART);
            double after = result.get(Metric.LOST) - atRestart;
            if (Double.isNaN(atRestart) || result.get(Metric.LOST) <= 0) {
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

    /** Every step of every capacity search: the rate, what it achieved, and why it passed or failed. */
    private static String capacitySteps(Map<String, List<CapacityStep>> steps) {
        StringBuilder out = new StringBuilder("<table><tr><th>strategy</th><th>asked msg/s</th><th>sent msg/s</th>"
                + "<th>delivered/s</th><th>p50</th><th>p99</th><th>lost</th><th>limited by</th><th>step</th><th>why</th></tr>");
        steps.forEach((strategy, list) -> {
            for (CapacityStep step : list) {
                out.append("<tr").append(step.outcome().equals(CapacityStep.PASS) ? "" : " class=flag").append("><td>")
                        .append(esc(strategy)).append("</td><td>").append(number(step.askedRate())).append("</td><td>")
                        .append(number(step.achievedRate())).append("</td><td>").append(number(step.deliveredPerSecond()))
                        .append("</td><td>").append(esc(Unit.latency(step.p50Us()))).append("</td><td>")
                        .append(esc(Unit.latency(step.p99Us()))).append("</td><td>").append(number(step.lost()))
                        .append("</td><td>").append(esc(String.valueOf(step.limit()))).append("</td><td>")
                        .append(esc(step.outcome())).append("</td><td>").append(esc(step.reason())).append("</td></tr>");
            }
        });
        return out.append("</table>").toString();
    }

    /** One line per strategy measured: what it is and how it works. */
    private static String strategies(List<StrategyResult> results) {
        StringBuilder out = new StringBuilder("<ul>");
        for (StrategyResult result : results) {
            Strategy strategy = Strategies.find(strategyOf(result.strategy()));
            out.append("<li><b>").append(esc(result.strategy())).append("</b>");
            String profile = result.profile();
            if (strategy != null) {
                out.append(" (").append(esc(strategy.label())).append(", ").append(strategy.kind().name().toLowerCase(Locale.ROOT))
                        .append("): ").append(esc(strategy.summary()));
            } else if (result.strategy().endsWith("-external")) {
                out.append(": the external reference (run --broker), an MQTT broker measured with the same devices and "
                        + "sender over MQTT 3.1.1; its wire counted at its clients, its CPU from /proc");
            } else {
                out.append(": not a strategy this build knows");
            }
            if (profile != null && profile.startsWith(StrategyResult.PROFILES)) {
                String file = profile.substring(0, profile.indexOf(' '));
                out.append(" &middot; <a href=\"").append(esc(file)).append("\">server CPU flame graph</a> ")
                        .append(esc(profile.substring(file.length()).trim()));
            } else if (profile != null) {
                out.append(" &middot; ").append(esc(profile));
            }
            out.append("</li>");
        }
        return out.append("</ul>").toString();
    }

    private static String theory(RunResult run) {
        StringBuilder out = new StringBuilder("<table><tr><th>strategy</th><th>metric</th><th>predicted</th>"
                + "<th>band</th><th>measured</th><th></th><th>why</th></tr>");
        RecordedOptions configuration = run.configuration();
        for (StrategyResult result : run.strategies()) {
            Strategy strategy = Strategies.find(result.strategy());
            // A strategy@routing result ran on gateways over Redis: the single server's theory does not apply.
            if (strategy == null || configuration == null) {
                continue;
            }
            for (Prediction p : strategy.theory(configuration.workload(run.floorUs()), result::get)) {
                out.append("<tr").append(p.flagged() ? " class=flag" : "").append("><td>").append(esc(result.strategy()))
                        .append("</td><td>").append(esc(p.metric().key())).append("</td><td>").append(number(p.predicted()))
                        .append("</td><td>").append(number(p.low())).append(" to ").append(number(p.high()))
                        .append("</td><td>").append(number(p.measured())).append("</td><td>")
                        .append(p.flagged() ? "outside the band" : "").append("</td><td>").append(esc(p.reason()))
                        .append("</td></tr>");
            }
        }
        return out.append("</table><p>Latencies in microseconds. One transit is half the loopback round trip "
                + "measured before the run; the bands allow " + (int) Theories.PROCESSING_SLACK
                + " round trips of server work on loopback.</p>").toString();
    }

    /** The strategy a result name is of: {@code websocket@map} is websocket on gateways routed by map. */
    static String strategyOf(String resultName) {
        int at = resultName.indexOf('@');
        return at < 0 ? resultName : resultName.substring(0, at);
    }

    private static String keyValues(Map<String, Object> values) {
        if (values == null || values.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<table class=kv>");
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            out.append("<tr><th>").append(esc(entry.getKey())).append("</th><td>")
                    .append(esc(String.valueOf(entry.getValue()))).append("</td></tr>");
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
