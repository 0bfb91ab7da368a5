package deliverybench.results;

import deliverybench.strategy.Workload;

import java.util.List;

/**
 * A run's configuration as run.json records it: everything needed to repeat it.
 *
 * @param server         "spawned per strategy", or the URL of the server measured
 * @param senderPipeline sends each send connection kept out (null in files from before it was an option: 1 for HTTP)
 */
public record RunConfiguration(List<String> strategies, int clients, int devices, double ratePerSecond, String arrival,
                               int payloadBytes, long durationMs, long warmupMs, long warmupMaxMs, long pollIntervalMs,
                               long pollWaitS, long seed, int connectRatePerSecond, long graceMs, long drainMaxMs,
                               int senderConnections, int driverIoThreads, String server, List<String> serverJvmArgs,
                               List<String> serverArgs, String chaos, int contract, int fanout, String sendVia,
                               String pinning, String capacitySlo, Integer senderPipeline) {

    /** What the theory is computed from, with the run's loopback floor. */
    public Workload workload(double floorUs) {
        return new Workload(clients, devices, ratePerSecond, pollIntervalMs, pollWaitS, floorUs);
    }

    /** The workload in one line, for people. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d clients x %d devices, %s msg/s %s%s, %d B, %d ms measured after "
                        + "at least %d ms warm-up; short poll every %d ms, long poll wait %d s; sent over %s",
                clients, devices, trim(ratePerSecond), arrival, fanout > 1 ? " to " + fanout + " recipients each" : "",
                payloadBytes, durationMs, warmupMs, pollIntervalMs, pollWaitS, sendVia == null ? "http" : sendVia);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
