package deliverybench.core.limits;

import deliverybench.core.http.SendHandler;

/**
 * What a client may hold of the server before it has shown a token, and for how long: the bounds a
 * hostile client meets however it spends its connections.
 *
 * @param handshakesPerAddress connections one source address may have unfinished at once: TCP before its HELLO
 *                             is accepted, HTTP before its first request head has arrived
 * @param helloTimeoutMs       time a TCP connection has to send a valid HELLO (the contract's 5 s)
 * @param requestTimeoutMs     time to send a whole request: the first head from the connection's open, a later
 *                             head from its first byte, a body from the end of its head
 * @param idleTimeoutMs        time a kept-alive HTTP connection may wait for its next request
 * @param bodyBufferBytes      request bodies the server holds in memory at once, over every connection
 */
public record ConnectionLimits(int handshakesPerAddress, long helloTimeoutMs, long requestTimeoutMs, long idleTimeoutMs,
                               long bodyBufferBytes) {

    /** What one unfinished HTTP handshake may cost the heap at worst: a 16 KiB head being parsed, and its connection. */
    static final long HANDSHAKE_COST_BYTES = 48 * 1024;
    public static final long DEFAULT_HELLO_TIMEOUT_MS = 5_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_IDLE_TIMEOUT_MS = 120_000;

    public static final ConnectionLimits DEFAULT = new ConnectionLimits(defaultHandshakesPerAddress(),
            DEFAULT_HELLO_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, defaultBodyBufferBytes());

    public ConnectionLimits {
        if (handshakesPerAddress < 1) {
            throw new IllegalArgumentException("handshakes per address must be at least 1, was " + handshakesPerAddress);
        }
        for (long ms : new long[]{helloTimeoutMs, requestTimeoutMs, idleTimeoutMs}) {
            if (ms < 1 || ms > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a timeout must be from 1 ms to 2^31-1 ms, was " + ms);
            }
        }
        if (bodyBufferBytes < SendHandler.MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("the body buffer must hold at least one whole request ("
                    + SendHandler.MAX_REQUEST_BYTES + " bytes), was " + bodyBufferBytes);
        }
    }

    /**
     * As many as a quarter of the heap holds at their worst cost (10,922 at -Xmx2g, 1,365 at -Xmx256m), from 64 to
     * 65,536: the load driver ramps 10,000 connections from one address, and a server still compiling its code
     * may be seconds behind their handshakes.
     */
    public static int defaultHandshakesPerAddress() {
        return (int) Math.max(64, Math.min(65_536, Runtime.getRuntime().maxMemory() / 4 / HANDSHAKE_COST_BYTES));
    }

    /** An eighth of the heap, at most 64 MiB, at least one whole request. */
    public static long defaultBodyBufferBytes() {
        return Math.max(SendHandler.MAX_REQUEST_BYTES, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8));
    }

    public ConnectionLimits withHandshakesPerAddress(int connections) {
        return new ConnectionLimits(connections, helloTimeoutMs, requestTimeoutMs, idleTimeoutMs, bodyBufferBytes);
    }

    public ConnectionLimits withTimeouts(long helloMs, long requestMs, long idleMs) {
        return new ConnectionLimits(handshakesPerAddress, helloMs, requestMs, idleMs, bodyBufferBytes);
    }

    public ConnectionLimits withBodyBufferBytes(long bytes) {
        return new ConnectionLimits(handshakesPerAddress, helloTimeoutMs, requestTimeoutMs, idleTimeoutMs, bytes);
    }
}
