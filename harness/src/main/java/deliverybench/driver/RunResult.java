package deliverybench.driver;

import java.util.List;
import java.util.Map;

/**
 * A whole run: when, with what configuration, on what machine, the loopback floor, and each strategy's result.
 *
 * @param completed false when the run stopped early; {@code failure} says why
 */
public record RunResult(String startedAt, Map<String, Object> configuration, Map<String, Object> machine,
                        FloorMeter.Floor floor, List<StrategyResult> strategies, boolean completed, String failure) {

    public RunResult {
        strategies = List.copyOf(strategies);
    }

    /** Total per-device deliveries missing over every strategy. */
    public double lost() {
        double lost = 0;
        for (StrategyResult strategy : strategies) {
            double value = strategy.get("lost");
            lost += Double.isNaN(value) ? 0 : value;
        }
        return lost;
    }
}
