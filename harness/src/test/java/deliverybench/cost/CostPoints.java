package deliverybench.cost;

import deliverybench.metric.Metric;
import deliverybench.results.StrategyResult;

import java.util.Map;

/** Synthetic results of one grid point, each cost given per second, as a run would record them. */
public final class CostPoints {

    private CostPoints() {
    }

    /** A point the driver sent in full, nothing lost, with the limit given. */
    public static StrategyResult result(String limit, double delivered, double cpuMsPerS, double wireBytesPerS,
                                        double requestsPerS) {
        return result(limit, delivered, delivered, 0, cpuMsPerS, wireBytesPerS, requestsPerS);
    }

    public static StrategyResult result(String limit, double asked, double delivered, double lost, double cpuMsPerS,
                                        double wireBytesPerS, double requestsPerS) {
        return StrategyResult.of("point", limit, Map.of(
                Metric.DELIVERED_PER_SECOND.key(), delivered,
                Metric.SERVER_CPU_US_PER_MESSAGE.key(), cpuMsPerS * 1000 / delivered,
                Metric.BYTES_PER_MESSAGE.key(), wireBytesPerS / delivered,
                Metric.SERVER_REQUESTS_PER_SECOND.key(), requestsPerS,
                Metric.SEND_RATE_ASKED.key(), asked,
                Metric.SEND_RATE_ACHIEVED.key(), delivered,
                Metric.LOST.key(), lost));
    }
}
