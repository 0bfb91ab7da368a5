package deliverybench.strategy;

/**
 * What a run's theory is computed from: the workload's shape and the loopback floor.
 *
 * @param clients          receiving users
 * @param devices          connections per user
 * @param ratePerSecond    messages per second in total
 * @param pollIntervalMs   the short poll interval
 * @param pollWaitSeconds  the long poll wait
 * @param floorUs          the loopback round trip (TCP PING/PONG p50), NaN when not measured
 * @param link             the emulated network's transits ({@link Transits#NONE} on loopback)
 */
public record Workload(int clients, int devices, double ratePerSecond, long pollIntervalMs, long pollWaitSeconds,
                       double floorUs, Transits link) {

    /** On loopback: no emulated network. */
    public Workload(int clients, int devices, double ratePerSecond, long pollIntervalMs, long pollWaitSeconds,
                    double floorUs) {
        this(clients, devices, ratePerSecond, pollIntervalMs, pollWaitSeconds, floorUs, Transits.NONE);
    }

    /** The same workload over a network. */
    public Workload on(Transits transits) {
        return new Workload(clients, devices, ratePerSecond, pollIntervalMs, pollWaitSeconds, floorUs, transits);
    }

    /** Messages per second to one user: arrivals to one user are taken as Poisson with this rate. */
    public double perUserRate() {
        return ratePerSecond / clients;
    }

    public int receivers() {
        return clients * devices;
    }
}
