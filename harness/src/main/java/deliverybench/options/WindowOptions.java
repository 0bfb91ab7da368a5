package deliverybench.options;

import picocli.CommandLine.Option;

import java.time.Duration;

/** Warm-up, measured window and drain: when recording starts, how long it lasts, how long the run waits after. */
public final class WindowOptions extends Group {

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time per strategy, e.g. 10s, 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class,
            description = "The least warm-up: sent before the measured time, delivered, not recorded; the window opens "
                    + "once the server's JIT compile time has been flat for a second (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--warmup-max", defaultValue = "30s", converter = DurationConverter.class,
            description = "The most warm-up: the window opens then even if the server's JIT is still compiling "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration warmupMax;

    @Option(names = "--grace", defaultValue = "3s", converter = DurationConverter.class,
            description = "After the last send, deliveries later than this (short poll: plus its interval) are "
                    + "counted late (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--drain-max", defaultValue = "30s", converter = DurationConverter.class,
            description = "After the last send, the most the run waits for the driver's backlog and the last "
                    + "deliveries; a message is lost only when everything went quiet before this (default: ${DEFAULT-VALUE}).")
    Duration drainMax;

    void validate() {
        require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(!warmup.isNegative(), "--warmup must not be negative");
        require(warmupMax.compareTo(warmup) >= 0, "--warmup-max must be at least --warmup");
        require(!grace.isNegative(), "--grace must not be negative");
        require(drainMax.compareTo(grace) >= 0, "--drain-max must be at least --grace");
    }

    /** The same window with the warm-up fixed at --warmup (--warmup-max set to it): it opens at a known instant. */
    WindowOptions fixed() {
        WindowOptions copy = copy();
        copy.warmupMax = warmup;
        return copy;
    }

    /** The same window measuring for {@code length} instead of --duration. */
    WindowOptions lasting(Duration length) {
        WindowOptions copy = copy();
        copy.duration = length;
        return copy;
    }

    public Duration duration() { return duration; }
    public Duration warmup() { return warmup; }
    public Duration warmupMax() { return warmupMax; }
    public Duration grace() { return grace; }
    public Duration drainMax() { return drainMax; }
}
