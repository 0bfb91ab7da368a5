package deliverybench.cli;

import deliverybench.metric.Metric;
import deliverybench.results.CapacityStep;
import deliverybench.results.StrategyResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line under a capacity table names what really stopped the search. */
class CapacitySummaryTest {

    private static CapacityStep step(double rate, double p99Us, String outcome, String reason) {
        return new CapacityStep(rate, rate, rate, 1_000, p99Us, 0, "none", outcome, reason);
    }

    private static StrategyResult result(double capacity, double driverAt, List<CapacityStep> steps) {
        return StrategyResult.of("sse", "none", Map.of(Metric.CAPACITY_MSG_PER_S.key(), capacity,
                Metric.DRIVER_LIMITED_AT.key(), driverAt, Metric.LATENCY_P99_US.key(), 38_000.0)).withSteps(steps);
    }

    @Test
    void theLowestFailingStepStoppedTheSearchNotTheLastOne() {
        // 200 passes, 400 fails, then 300 passes, 350 fails, 325 passes: 350 is what stopped it.
        List<String> lines = CapacitySummary.lines(List.of(result(325, Double.NaN, List.of(
                step(200, 20_000, CapacityStep.PASS, "latency p99 20.0ms within p99=50.0ms"),
                step(400, 90_000, CapacityStep.FAIL, "latency p99 90.0ms over p99=50.0ms"),
                step(300, 43_500, CapacityStep.PASS, "latency p99 43.5ms within p99=50.0ms"),
                step(350, 51_100, CapacityStep.FAIL, "latency p99 51.1ms over p99=50.0ms"),
                step(325, 38_000, CapacityStep.PASS, "latency p99 38.0ms within p99=50.0ms")))));
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).contains("capacity 325 msg/s") && lines.get(1).contains("stopped by 350 msg/s: latency p99 51.1ms over"),
                lines.get(1));
    }

    @Test
    void aDriverLimitedFirstStepGivesNoVerdict() {
        List<String> lines = CapacitySummary.lines(List.of(result(0, 55, List.of(
                step(50, 35_000, CapacityStep.DRIVER, "driver-limited at 55 msg/s (driver): no verdict on the server")))));
        assertTrue(lines.get(1).contains("no rate met the objective; no verdict: the driver was the limit at 55 msg/s, as low as the search went"),
                lines.get(1));
    }
}
