package deliverybench.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import deliverybench.metric.Metric;

import java.util.List;
import java.util.Map;

/**
 * A whole run as {@code run.json} holds it: when, with what configuration, on what machine, the
 * loopback floor, and each strategy's result. The contract between {@code run} and {@code report}/{@code compare}.
 *
 * @param completed false when the run stopped early; {@code failure} says why
 */
public record RunResult(int schemaVersion, String startedAt, boolean completed,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String failure,
                        RecordedOptions configuration, Map<String, Object> machine, Floor floor,
                        List<StrategyResult> strategies) {

    /** The version of run.json this build writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    public RunResult {
        strategies = strategies == null ? List.of() : List.copyOf(strategies);
        machine = machine == null ? Map.of() : machine;
    }

    /** Total per-device deliveries missing over every strategy. */
    public double lost() {
        double lost = 0;
        for (StrategyResult strategy : strategies) {
            double value = strategy.get(Metric.LOST);
            lost += Double.isNaN(value) ? 0 : value;
        }
        return lost;
    }

    /** The floor's TCP ping p50 in microseconds, NaN when not measured. */
    public double floorUs() {
        return floor == null ? Double.NaN : floor.tcpPingP50Us();
    }

    /** The result of that strategy, or null when the run did not measure it. */
    public StrategyResult find(String strategy) {
        return strategies.stream().filter(s -> s.strategy().equals(strategy)).findFirst().orElse(null);
    }
}
