package deliverybench.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The marginal CPU cost per message a {@code run --scenario cost} sweep measured on this project's box
 * ({@code deliverybench/cost/reference.json}): what the report sets one run's CPU per message against, to tell
 * whether that figure is mostly fixed cost.
 */
public final class ReferenceCosts {

    private static final String RESOURCE = "/deliverybench/cost/reference.json";

    /**
     * One strategy's measured coefficients.
     *
     * @param pollIntervalMs the short poll interval it was measured at, or -1 when it does not depend on one
     */
    public record Entry(String strategy, long pollIntervalMs, double idleCpuMsPerSPer1000, double marginalCpuUs,
                        double rSquared) {
    }

    private final String measured;
    private final List<Entry> entries;

    public ReferenceCosts(String measured, List<Entry> entries) {
        this.measured = measured;
        this.entries = List.copyOf(entries);
    }

    /** The coefficients shipped with this build. */
    public static ReferenceCosts shipped() {
        try (InputStream in = ReferenceCosts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static ReferenceCosts parse(JsonNode json) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode one : json.path("strategies")) {
            entries.add(new Entry(one.path("strategy").asText(), one.path("poll_interval_ms").asLong(-1),
                    one.path("idle_cpu_ms_per_s_per_1000_clients").asDouble(Double.NaN),
                    one.path("marginal_cpu_us_per_message").asDouble(Double.NaN), one.path("r_squared").asDouble(Double.NaN)));
        }
        return new ReferenceCosts(json.path("measured").asText(""), entries);
    }

    /** How and where the coefficients were measured, in words. */
    public String measured() {
        return measured;
    }

    /** The strategy's entry when one was measured under the same poll interval (if it depends on one). */
    public Optional<Entry> find(String strategy, long pollIntervalMs) {
        return entries.stream().filter(e -> e.strategy().equals(strategy))
                .filter(e -> e.pollIntervalMs() < 0 || e.pollIntervalMs() == pollIntervalMs)
                .filter(e -> Double.isFinite(e.marginalCpuUs()) && e.marginalCpuUs() > 0).findFirst();
    }
}
