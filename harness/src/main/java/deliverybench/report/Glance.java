package deliverybench.report;

import deliverybench.cost.ReferenceCosts;
import deliverybench.metric.Metric;
import deliverybench.results.RecordedOptions;
import deliverybench.results.StrategyResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's "at a glance" list: every strategy tied for best on each question, the operating point it holds for,
 * and CPU per message ranked only when the run shows it is not mostly fixed cost ({@link FixedCost}).
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

    /** The list as HTML, its CPU line judged against the cost model shipped with this build. */
    static String html(List<StrategyResult> results, RecordedOptions options) {
        return html(results, options, ReferenceCosts.shipped());
    }

    /** The list as HTML; {@code options} may be null (a run.json without them), then no operating point is named. */
    static String html(List<StrategyResult> results, RecordedOptions options, ReferenceCosts reference) {
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
        // Strategies swept at different points share no operating point: only the cost model compares them.
        out.append("<li>").append(swept ? "Server CPU per message: not ranked from one point; see the <a href=\"#cost-model\">"
                + "cost model</a>, which splits it into idle cost per client and marginal cost per message."
                : FixedCost.line(results, reference, options == null ? -1 : options.pollIntervalMs())).append("</li>");
        out.append("<li>Delivery observed: ");
        for (int i = 0; i < results.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(HtmlReport.esc(results.get(i).strategy())).append(" <b>")
                    .append(HtmlReport.esc(results.get(i).verdict())).append("</b>");
        }
        return out.append("</li></ul>").toString();
    }

    /** Clients, message rate, the rate per client and the measured window, in words. */
    static String operatingPoint(RecordedOptions options) {
        double perClient = options.clients() == 0 ? Double.NaN : options.ratePerSecond() / options.clients();
        return String.format(Locale.ROOT, "%d clients, %s msg/s in all (%s msg/s per client), a %s window",
                options.clients(), trim(options.ratePerSecond()), trim(perClient), seconds(options.durationMs()));
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : trim(ms / 1000.0) + " s";
    }

    /**
     * Every strategy whose value shows the same as the lowest, by name, or "all six, tied at 0" when every one does;
     * empty when none measured the metric. Values that print alike are a tie: the report cannot tell them apart either.
     */
    static String best(List<StrategyResult> results, Metric metric) {
        double lowest = results.stream().mapToDouble(r -> r.get(metric)).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        if (Double.isNaN(lowest)) {
            return "";
        }
        String shown = metric.format(lowest);
        List<String> tied = results.stream().filter(r -> !Double.isNaN(r.get(metric)) && metric.format(r.get(metric)).equals(shown))
                .map(r -> "<b>" + HtmlReport.esc(r.strategy()) + "</b>").toList();
        if (tied.size() == 1) {
            return tied.get(0) + " (" + HtmlReport.esc(shown) + ")";
        }
        String who = tied.size() == results.size() ? "all " + count(tied.size())
                : String.join(", ", tied.subList(0, tied.size() - 1)) + " and " + tied.get(tied.size() - 1);
        return who + ", tied at " + HtmlReport.esc(shown);
    }

    private static String count(int n) {
        String[] words = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
        return n < words.length ? words[n] : Integer.toString(n);
    }

    private static String trim(double value) {
        // Three significant figures, without the zeros %g pads them with (0.5, not 0.500).
        if (!Double.isFinite(value)) {
            return "?";
        }
        return value == Math.rint(value) ? Long.toString((long) value)
                : new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", value)).stripTrailingZeros().toPlainString();
    }
}
