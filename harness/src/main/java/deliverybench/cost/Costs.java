package deliverybench.cost;

import deliverybench.metric.Metric;
import deliverybench.results.CostModel;
import deliverybench.results.StrategyResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The costs a cost model fits, each per second and read off one run's result: CPU, wire bytes, requests. */
public final class Costs {

    /** Each cost's name (its unit last) and how to read its value per second from a result; NaN when not measured. */
    public static final Map<String, ToDoubleFunction<StrategyResult>> PER_SECOND = perSecond();

    private Costs() {
    }

    private static Map<String, ToDoubleFunction<StrategyResult>> perSecond() {
        Map<String, ToDoubleFunction<StrategyResult>> costs = new LinkedHashMap<>();
        // The request path's CPU (JIT and GC left out): a warm server's cost, not its compiler's.
        costs.put(CostModel.CPU, r -> r.get(Metric.SERVER_CPU_US_PER_MESSAGE) * r.get(Metric.DELIVERED_PER_SECOND) / 1000);
        costs.put(CostModel.WIRE, r -> r.get(Metric.BYTES_PER_MESSAGE) * r.get(Metric.DELIVERED_PER_SECOND));
        costs.put(CostModel.REQUESTS, r -> r.get(Metric.SERVER_REQUESTS_PER_SECOND));
        return java.util.Collections.unmodifiableMap(costs);
    }

    /** The fit of {@code points} as run.json keeps it, or why there is none. */
    public static CostModel.Fitted fitted(java.util.List<CostFit.Point> points) {
        CostFit fit;
        try {
            fit = CostFit.of(points);
        } catch (IllegalArgumentException e) {
            return CostModel.Fitted.failed(e.getMessage());
        }
        double crossover = fit.crossoverMessagesPerClientPerSecond();
        return new CostModel.Fitted(fit.idlePerClient(), fit.marginalPerMessage(), fit.constant(), fit.rSquared(),
                Double.isFinite(crossover) ? crossover : null, fit.residuals(), null, finite(fit.idleStdError()),
                finite(fit.marginalStdError()));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * The messages per second per client at which two fitted strategies cost the same per client (their constants left
     * out: they do not grow with clients); NaN when either has no fit or their per-message costs are equal.
     */
    public static double crossover(CostModel.Fitted a, CostModel.Fitted b) {
        if (a == null || b == null || !a.ok() || !b.ok()) {
            return Double.NaN;
        }
        return new CostFit(a.idlePerClient(), a.marginalPerMessage(), 0, 1, java.util.List.of())
                .crossoverAgainst(new CostFit(b.idlePerClient(), b.marginalPerMessage(), 0, 1, java.util.List.of()));
    }
}
