package deliverybench.measure;

import deliverybench.metric.Metric;

import java.util.Locale;

/**
 * Who was the limit of a run: the server, the driver, both fighting for the same cores, or neither.
 * The driver is the limit when it could not send on schedule (achieved rate short of the asked one,
 * messages held in its own queue, its pacer late) and the server was not saturated; the server when
 * its CPU was. wrk2's rule: a run that could not send what was asked must never read as the server's latency.
 */
public final class Saturation {

    /** The answer, as run.json and the table write it. */
    public enum Limit {
        NONE, SERVER, DRIVER, SHARED;

        public String label() {
            return this == SHARED ? "shared cores" : name().toLowerCase(Locale.ROOT);
        }
    }

    /** A process busier than this share of its cores is saturated. */
    static final double BUSY = 0.85;
    /** A run that achieved less than this share of the asked rate fell short. */
    public static final double SHORTFALL = 0.95;
    /** A pacer later than this at p99 could not keep the schedule. */
    static final double PACER_LATE_US = 5_000;

    private Saturation() {
    }

    /**
     * @param sharedCores whether the server and the driver run on the same cores (no pinning)
     * @param machineCores the cores of the machine, when they are shared
     */
    public static Limit of(MetricValues m, boolean sharedCores, int machineCores) {
        double serverCpu = m.get(Metric.SERVER_CPU_PERCENT) / 100;
        double driverCpu = m.get(Metric.DRIVER_CPU_PERCENT) / 100;
        boolean serverHot = serverCpu >= BUSY * m.get(Metric.SERVER_CORES);
        boolean driverHot = driverCpu >= BUSY * m.get(Metric.DRIVER_CORES);
        boolean machineHot = sharedCores && serverCpu + driverCpu >= BUSY * machineCores;
        if (driverSide(m)) {
            if (serverHot && !driverHot && !machineHot) {
                // It could not send because the server, saturated, took its sends slowly.
                return Limit.SERVER;
            }
            return machineHot ? Limit.SHARED : Limit.DRIVER;
        }
        if (serverHot || machineHot) {
            return machineHot && !serverHot ? Limit.SHARED : Limit.SERVER;
        }
        return Limit.NONE;
    }

    /** The driver did not send on schedule. */
    public static boolean driverSide(MetricValues m) {
        double sendDelay = m.get(Metric.DRIVER_SEND_DELAY_P99_US);
        boolean shortfall = m.get(Metric.SEND_RATE_ACHIEVED) < SHORTFALL * m.get(Metric.SEND_RATE_ASKED);
        boolean held = sendDelay > 1_000 && sendDelay > 0.5 * m.get(Metric.LATENCY_P99_US);
        boolean pacerLate = m.get(Metric.DRIVER_LAG_P99_US) > PACER_LATE_US;
        return shortfall || held || pacerLate;
    }
}
