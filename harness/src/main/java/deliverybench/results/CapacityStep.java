package deliverybench.results;

/**
 * One step of a capacity search: the rate asked, what the run achieved at it, and why it passed or failed.
 *
 * @param askedRate          messages per second asked of the driver
 * @param achievedRate       messages per second the driver sent in the window
 * @param deliveredPerSecond deliveries per second, every copy and device counted
 * @param p50Us              corrected latency p50
 * @param p99Us              corrected latency p99
 * @param lost               messages lost
 * @param limit              who was the limit: none, server, driver, shared cores
 * @param outcome            {@code pass}, {@code fail} (the objective or loss) or {@code driver} (driver-limited: no verdict on the server)
 * @param reason             why, in words
 */
public record CapacityStep(double askedRate, double achievedRate, double deliveredPerSecond, double p50Us, double p99Us,
                           double lost, String limit, String outcome, String reason) {

    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String DRIVER = "driver";
}
