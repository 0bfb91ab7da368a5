package deliverybench.cost;

import deliverybench.metric.Metric;
import deliverybench.results.CostModel;
import deliverybench.results.CostPoint;
import deliverybench.strategy.Measured;
import deliverybench.strategy.Prediction;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Workload;

import java.util.List;
import java.util.Locale;

/**
 * What theory predicts for a strategy's idle cost: the requests its own theory expects from clients with nothing
 * arriving (short poll one per interval, long poll one per wait, a push none), priced at what one more request a
 * second costs over the sweep's points.
 */
public final class IdleTheory {

    // Clients priced by the strategy's theory: enough that its per-client figure is not rounded away.
    private static final int CLIENTS = 1_000;
    // Messages per second with "nothing arriving": not zero, where long poll's formula is 0/0.
    private static final double NEARLY_NONE = 1e-9;

    private IdleTheory() {
    }

    /**
     * @param strategy       the strategy, null when this build does not know it (then no prediction)
     * @param devices        connections per client
     * @param pollIntervalMs the short poll interval of the run
     * @param pollWaitS      the long poll wait of the run
     * @param kept           the points the fit used
     */
    public static CostModel.Theory of(Strategy strategy, int devices, long pollIntervalMs, long pollWaitS,
                                      List<CostPoint> kept) {
        if (strategy == null) {
            return new CostModel.Theory(Double.NaN, Double.NaN, Double.NaN, "no theory: a strategy this build does not know");
        }
        Workload idle = new Workload(CLIENTS, devices, NEARLY_NONE, pollIntervalMs, pollWaitS, Double.NaN);
        Prediction asked = strategy.theory(idle, Measured.NOTHING).stream()
                .filter(p -> p.metric() == Metric.SERVER_REQUESTS_PER_SECOND).findFirst().orElse(null);
        if (asked == null && strategy.kind() == deliverybench.strategy.Kind.PULL) {
            return new CostModel.Theory(Double.NaN, Double.NaN, Double.NaN, "no theory: it polls with no interval");
        }
        if (asked == null) {
            return new CostModel.Theory(0, Double.NaN, 0, "a push makes no request while nothing arrives; its idle "
                    + "cost is the held connection (and, for SSE and HTTP streaming, a keep-alive line after 15 s of "
                    + "silence)");
        }
        double requests = asked.predicted() / CLIENTS;
        String asks = String.format(Locale.ROOT, "%.4g requests per second per idle client (%s)", requests,
                asked.reason());
        CostFit perRequest;
        try {
            perRequest = CostFit.of(kept.stream().filter(p -> Double.isFinite(p.requestsPerS()) && Double.isFinite(p.cpuMsPerS()))
                    .map(p -> new CostFit.Point(p.requestsPerS(), p.deliveredPerSecond(), p.cpuMsPerS())).toList());
        } catch (IllegalArgumentException e) {
            return new CostModel.Theory(requests, Double.NaN, Double.NaN, asks + "; a request's CPU could not be priced: "
                    + e.getMessage());
        }
        double requestCpuMs = perRequest.idlePerClient();
        return new CostModel.Theory(requests, requestCpuMs, requests * requestCpuMs, String.format(Locale.ROOT,
                "%s x %.1f us per request: what one more request per second adds to CPU per second over the points "
                        + "kept, fitted as CPU = per request x requests/s + per message x msg/s + constant", asks,
                requestCpuMs * 1000));
    }
}
