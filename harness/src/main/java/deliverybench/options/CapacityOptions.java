package deliverybench.options;

import picocli.CommandLine.Option;

/**
 * How {@code run --find-capacity} searches: the objective, the first rate, the highest rate tried, and how many times
 * the interval between the last pass and the first failure is halved.
 */
public final class CapacityOptions extends Group {

    @Option(names = "--find-capacity", description = "Search each strategy's capacity: from --start-rate the rate "
            + "doubles until a step misses --slo or loses a message, then the gap is halved --refine times; each step is a "
            + "whole run of --duration with its own warm-up, on one server per strategy.")
    boolean findCapacity;

    @Option(names = "--slo", defaultValue = "p99=50ms",
            description = "The latency objective of --find-capacity, on the corrected latency (default: ${DEFAULT-VALUE}).")
    String slo;

    @Option(names = "--start-rate", defaultValue = "500",
            description = "--find-capacity's first rate, msg/s (default: ${DEFAULT-VALUE}).")
    double startRate;

    @Option(names = "--max-rate", defaultValue = "256000",
            description = "--find-capacity's highest rate tried, msg/s (default: ${DEFAULT-VALUE}).")
    double maxRate;

    @Option(names = "--refine", defaultValue = "3",
            description = "--find-capacity: times the gap between the last pass and the first failure is halved "
                    + "(default: ${DEFAULT-VALUE}).")
    int refine;

    void validate() {
        Slo.parse(slo);
        require(startRate > 0 && maxRate >= startRate, "--start-rate must be positive and at most --max-rate, was "
                + startRate + " and " + maxRate);
        require(refine >= 0 && refine <= 10, "--refine must be from 0 to 10, was " + refine);
    }

    /** True when the run searches each strategy's capacity instead of measuring at --rate. */
    public boolean enabled() { return findCapacity; }
    public Slo slo() { return Slo.parse(slo); }
    public double startRate() { return startRate; }
    public double maxRate() { return maxRate; }
    public int refinements() { return refine; }
}
