package deliverybench.metric;

/**
 * How {@code compare} judges a metric's rise between a baseline and a current run: a regression when
 * {@code new - old > max(relative * |old|, absolute)}. Only rises count; an improvement never fails.
 *
 * @param kind     which tolerance applies
 * @param relative the allowed relative rise (for {@link Kind#LATENCY} and {@link Kind#CPU} the command line's)
 * @param absolute the allowed absolute rise, in the metric's unit
 */
public record Gate(Kind kind, double relative, double absolute) {

    /** The classes of tolerance. */
    public enum Kind {
        /** Not compared. */
        NONE,
        /** Machine-independent: fixed tolerances. */
        SHAPE,
        /** Latency: the relative tolerance is {@code compare --latency-tolerance}. */
        LATENCY,
        /** Server CPU: the relative tolerance is {@code compare --cpu-tolerance}. */
        CPU
    }

    public static final Gate NONE = new Gate(Kind.NONE, 0, 0);
    /** Any rise at all is a regression: loss, duplicates. */
    public static final Gate ANY_RISE = new Gate(Kind.SHAPE, 0, 0);

    public static Gate shape(double relative, double absolute) {
        return new Gate(Kind.SHAPE, relative, absolute);
    }

    public static Gate latency(double absoluteUs) {
        return new Gate(Kind.LATENCY, Double.NaN, absoluteUs);
    }

    public static Gate cpu(double absoluteUs) {
        return new Gate(Kind.CPU, Double.NaN, absoluteUs);
    }

    public boolean compared() {
        return kind != Kind.NONE;
    }

    /** The relative tolerance, given the command line's latency and CPU tolerances. */
    public double relative(double latencyTolerance, double cpuTolerance) {
        return switch (kind) {
            case LATENCY -> latencyTolerance;
            case CPU -> cpuTolerance;
            default -> relative;
        };
    }
}
