package deliverybench.results;

/**
 * One point of a cost-model sweep: the load it was measured at, what the server paid per second there, and whether
 * the fit used it.
 *
 * @param clients            receiving users connected
 * @param askedRate          messages per second asked of the driver
 * @param deliveredPerSecond deliveries per second: the fit's message rate
 * @param cpuMsPerS          server CPU on the request path, ms per second (JIT and GC left out)
 * @param wireBytesPerS      bytes on the wire per second, both ways, at the server
 * @param requestsPerS       HTTP requests per second at the server
 * @param limit              who was the limit: none, server, driver, shared cores
 * @param kept               whether the fit used it: false where something was saturated, so that the point measures
 *                           the limit rather than the cost
 * @param reason             why it was left out, or what to know about it; empty when nothing
 */
public record CostPoint(int clients, double askedRate, double deliveredPerSecond, double cpuMsPerS, double wireBytesPerS,
                        double requestsPerS, String limit, boolean kept, String reason) {
}
