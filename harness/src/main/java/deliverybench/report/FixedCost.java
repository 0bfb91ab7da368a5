package deliverybench.report;

import deliverybench.cost.ReferenceCosts;
import deliverybench.metric.Metric;
import deliverybench.results.StrategyResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether one run's server CPU per message may be ranked: not when most of it is fixed cost (connections held, polls
 * answered empty, timers) shared among few messages. A strategy's share of fixed cost is one minus its marginal cost
 * per message, as the cost model measured it on this project's box ({@link ReferenceCosts}), over its CPU per message
 * here. A sweep's own fits are not used: its strategies' figures come from different points, which only its cost
 * model section compares.
 */
final class FixedCost {

    /** Above this share of fixed cost a run's CPU per message ranks the load, not the strategies. */
    static final double MOSTLY = 0.5;

    /** One strategy set against its marginal cost: {@code source} says where the marginal cost comes from. */
    record Judged(String strategy, double cpuUsPerMessage, double marginalUs, String source) {
        double fixedShare() {
            return Math.max(0, 1 - marginalUs / cpuUsPerMessage);
        }
    }

    private FixedCost() {
    }

    /** The strategies of the run whose marginal cost is known, each against its CPU per message here. */
    static List<Judged> judge(List<StrategyResult> results, ReferenceCosts reference, long pollIntervalMs) {
        List<Judged> judged = new ArrayList<>();
        for (StrategyResult result : results) {
            double cpu = result.get(Metric.SERVER_CPU_US_PER_MESSAGE);
            if (!(cpu > 0)) {
                continue;
            }
            Optional<ReferenceCosts.Entry> entry = reference.find(HtmlReport.strategyOf(result.strategy()), pollIntervalMs);
            entry.ifPresent(e -> judged.add(new Judged(result.strategy(), cpu, e.marginalCpuUs(), String.format(Locale.ROOT,
                    "the cost model measured on this project's box, R² %.3f", e.rSquared()))));
        }
        return judged;
    }

    /** The "At a glance" line on CPU per message, as HTML: a ranking only when the run shows it is not mostly fixed cost. */
    static String line(List<StrategyResult> results, ReferenceCosts reference, long pollIntervalMs) {
        List<Judged> judged = judge(results, reference, pollIntervalMs);
        List<Judged> fixed = judged.stream().filter(j -> j.fixedShare() > MOSTLY).toList();
        String costModel = " The cost model (<code>run --scenario cost</code>, <code>docs/cost-model.md</code>) splits "
                + "CPU into idle cost per connected client and marginal cost per message, which is what tells the "
                + "strategies apart.";
        if (!fixed.isEmpty()) {
            StringBuilder out = new StringBuilder("Server CPU per message: not ranked. At this operating point most of "
                    + "it is fixed cost shared among few messages, so it ranks the load, not the strategies: ");
            for (int i = 0; i < fixed.size(); i++) {
                Judged one = fixed.get(i);
                out.append(i == 0 ? "" : "; ").append("<b>").append(HtmlReport.esc(one.strategy())).append("</b> ")
                        .append(String.format(Locale.ROOT, "%.0f µs per message here against a marginal cost of %.1f µs "
                                + "(%s): %.0f%% fixed", one.cpuUsPerMessage(), one.marginalUs(),
                                HtmlReport.esc(one.source()), 100 * one.fixedShare()));
            }
            return out.append(".").append(costModel).toString();
        }
        if (judged.isEmpty()) {
            return "Server CPU per message: not ranked. No cost model gives the marginal cost of any strategy measured "
                    + "here, so this run cannot tell how much of its CPU is fixed cost." + costModel;
        }
        String best = Glance.best(results, Metric.SERVER_CPU_US_PER_MESSAGE);
        StringBuilder out = new StringBuilder("Least server CPU per message (µs): ").append(best).append(". Ranked because "
                + "it is mostly per-message work at this load: ");
        for (int i = 0; i < judged.size(); i++) {
            Judged one = judged.get(i);
            out.append(i == 0 ? "" : ", ").append(HtmlReport.esc(one.strategy())).append(String.format(Locale.ROOT,
                    " %.0f%% fixed (marginal %.1f µs, %s)", 100 * one.fixedShare(), one.marginalUs(),
                    HtmlReport.esc(one.source())));
        }
        return out.append(".").toString();
    }
}
