package deliverybench.report;

import deliverybench.metric.Metric;
import deliverybench.results.RecordedOptions;
import deliverybench.results.StrategyResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's "at a glance" list: every strategy tied for best on each question, the operating point it holds for,
 * and no ranking of CPU per message, which one run cannot split into fixed and per-message cost.
 */
final class Glance {

    /** The questions: the lowest value of each metric is best. */
    private static final Map<Metric, String> QUESTIONS = questions();

    private Glance() {
    }

    private static Map<Metric, String> questions() {
        Map<Metric, String> questions = new LinkedHashMap<>();
        questions.put(Metric.LATENCY_P50_US, "Lowest median latency");
        questions.put(Metric.LATENCY_P99_US, "Lowest p99 latency");
        questions.put(Metric.BYTES_PER_MESSAGE, "Fewest wire bytes per message");
        questions.put(Metric.REQUESTS_PER_MESSAGE, "Fewest requests per message");
        questions.put(Metric.LOST, "Fewest lost");
        questions.put(Metric.RECONNECTS, "Fewest reconnects");
        return questions;
    }

    /** The list as HTML; {@code options} may be null (a run.json without them), then no operating point is named. */
    static String html(List<StrategyResult> results, RecordedOptions options) {
        StringBuilder out = new StringBuilder();
        boolean swept = results.stream().anyMatch(r -> r.costModel() != null);
        if (swept) {
            out.append("<p>A cost-model sweep: each strategy's figures here are those of its busiest point kept in the "
                    + "fit (the points below say which). The cost model below is what compares the strategies' cost.</p>");
        } else if (options != null) {
            out.append("<p>Measured at one operating point: ").append(HtmlReport.esc(operatingPoint(options)))
                    .append(". Other loads can order the strategies differently.</p>");
        }
        out.append("<ul>");
        QUESTIONS.forEach((metric, question) -> {
            String best = best(results, metric);
            if (!best.isEmpty()) {
                out.append("<li>").append(HtmlReport.esc(question)).append(": ").append(best).append("</li>");
            }
        });
        out.append(swept ? "<li>Server CPU per message: not ranked from one point; see the <a href=\"#cost-model\">cost "
                + "model</a>, which splits it into idle cost per client and marginal cost per message.</li>"
                : "<li>Server CPU per message: not ranked. At this load much of a server's CPU is fixed cost "
                + "(connections, polls, timers, the JIT) shared among few messages, so one run's per-message figure "
                + "ranks the load, not the strategy; the cost model (<code>docs/cost-model.md</code>) splits it into idle "
                + "cost per client and marginal cost per message.</li>");
        out.append("<li>Delivery observed: ");
        for (int i = 0; i < results.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(HtmlReport.esc(results.get(i).strategy())).append(" <b>")
                    .append(HtmlReport.esc(results.get(i).verdict())).append("</b>");
        }
        return out.append("</li></ul>").toString();
    }

    /** Clients, message rate and the rate per client, in words. */
    static String operatingPoint(RecordedOptions options) {
        double perClient = options.clients() == 0 ? Double.NaN : options.ratePerSecond() / options.clients();
        return String.format(Locale.ROOT, "%d clients, %s msg/s in all (%s msg/s per client)", options.clients(),
                trim(options.ratePerSecond()), trim(perClient));
    }

    /**
     * Every strategy whose value shows the same as the lowest ("all six: 0" when every one does); empty when none
     * measured the metric. Values that print alike are a tie: the report cannot tell them apart either.
     */
    static String best(List<StrategyResult> results, Metric metric) {
        double lowest = results.stream().mapToDouble(r -> r.get(metric)).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        if (Double.isNaN(lowest)) {
            return "";
        }
        String shown = metric.format(lowest);
        List<String> tied = results.stream().filter(r -> !Double.isNaN(r.get(metric)) && metric.format(r.get(metric)).equals(shown))
                .map(r -> "<b>" + HtmlReport.esc(r.strategy()) + "</b>").toList();
        String who = tied.size() == results.size() && tied.size() > 1 ? "all " + count(tied.size()) : String.join(", ", tied);
        return who + " (" + HtmlReport.esc(shown) + ")";
    }

    private static String count(int n) {
        String[] words = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
        return n < words.length ? words[n] : Integer.toString(n);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3g", value);
    }
}
