package deliverybench.results;

/**
 * The loopback round-trip floor measured before a run: TCP PING/PONG through the server and a bare
 * socket echo, medians and 99th percentiles in microseconds.
 */
public record Floor(double tcpPingP50Us, double tcpPingP99Us, double echoP50Us, double echoP99Us, int roundTrips) {
}
