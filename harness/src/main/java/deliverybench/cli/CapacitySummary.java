package deliverybench.cli;

import deliverybench.metric.Metric;
import deliverybench.results.CapacityStep;
import deliverybench.results.StrategyResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lines after a capacity run's table: each strategy's capacity and what stopped the search. */
final class CapacitySummary {

    private CapacitySummary() {
    }

    static List<String> lines(List<StrategyResult> results) {
        List<String> lines = new ArrayList<>();
        for (StrategyResult result : results) {
            if (result.steps().isEmpty()) {
                continue;
            }
            if (lines.isEmpty()) {
                lines.add("");
            }
            double capacity = result.get(Metric.CAPACITY_MSG_PER_S);
            double driverAt = result.get(Metric.DRIVER_LIMITED_AT);
            String found = capacity > 0 ? String.format(Locale.ROOT, "%.0f msg/s (p99 %s there)", capacity,
                    Metric.LATENCY_P99_US.format(result.get(Metric.LATENCY_P99_US))) : "no rate met the objective";
            String stopped;
            if (!Double.isNaN(driverAt)) {
                stopped = capacity > 0
                        ? String.format(Locale.ROOT, "at least that; the driver was the limit at %.0f msg/s, so the "
                        + "server's capacity is not known from this run", driverAt)
                        : String.format(Locale.ROOT, "no verdict: the driver was the limit at %.0f msg/s, as low as "
                        + "the search went (start lower with --start-rate)", driverAt);
            } else {
                // The lowest rate that failed stopped the search; the steps after it only narrowed the gap below it.
                CapacityStep failed = result.steps().stream().filter(step -> step.outcome().equals(CapacityStep.FAIL))
                        .min(java.util.Comparator.comparingDouble(CapacityStep::askedRate))
                        .orElse(result.steps().get(result.steps().size() - 1));
                stopped = String.format(Locale.ROOT, "stopped by %.0f msg/s: %s, limited by %s", failed.askedRate(),
                        failed.reason(), failed.limit());
            }
            lines.add(String.format(Locale.ROOT, "%-14s capacity %s; %s", result.strategy(), found, stopped));
        }
        return lines;
    }
}
