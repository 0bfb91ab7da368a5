package deliverybench.run;

import deliverybench.metric.Metric;
import deliverybench.results.CapacityStep;
import deliverybench.results.StrategyResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a capacity search into the strategy's result: its figures at capacity, the capacity rows, every step. */
final class CapacityResults {

    private CapacityResults() {
    }

    static StrategyResult summarize(String name, CapacitySearch.Outcome found, Path runDir) throws IOException {
        StrategyResult at = found.atCapacity();
        Map<String, Double> metrics = new LinkedHashMap<>(at == null ? Map.of() : at.metrics());
        metrics.put(Metric.CAPACITY_MSG_PER_S.key(), found.capacity());
        metrics.put(Metric.CAPACITY_DELIVERED_PER_S.key(), at == null ? 0 : at.get(Metric.DELIVERED_PER_SECOND));
        metrics.put(Metric.DRIVER_LIMITED_AT.key(), found.driverLimitedAt());
        List<CapacityStep> steps = found.steps();
        // The limit that ended the search: what a reader asks first.
        String limit = steps.isEmpty() ? null : steps.get(steps.size() - 1).limit();
        if (at != null) {
            // The report draws a strategy's percentiles from <name>.hlog: the step at capacity.
            Files.copy(runDir.resolve(at.strategy() + ".hlog"), runDir.resolve(name + ".hlog"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return StrategyResult.of(name, limit, metrics).withSteps(steps);
    }
}
