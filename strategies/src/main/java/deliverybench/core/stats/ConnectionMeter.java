package deliverybench.core.stats;

import io.undertow.conduits.ByteActivityCallback;

/**
 * Counts one HTTP connection's bytes on the wire (headers, bodies, WebSocket framing) and books them
 * to the strategy the connection serves. Bytes read before the first request is classified wait in
 * {@code pending*} and go to the first strategy named.
 */
public final class ConnectionMeter {

    private volatile StrategyCounters current;
    /** The connection counted, as Undertow sees it (above TLS). */
    volatile org.xnio.StreamConnection socket;
    private long pendingIn;
    private long pendingOut;
    private long pendingWireIn;
    private long pendingWireOut;
    private boolean closed;

    final ByteActivityCallback received = bytes -> {
        StrategyCounters counters = current;
        if (counters != null) {
            counters.bytesIn.add(bytes);
        } else {
            addPending(bytes, 0, 0, 0);
        }
    };

    final ByteActivityCallback sent = bytes -> {
        StrategyCounters counters = current;
        if (counters != null) {
            counters.bytesOut.add(bytes);
        } else {
            addPending(0, bytes, 0, 0);
        }
    };

    /** Under TLS: the bytes below it, records and all. */
    final ByteActivityCallback wireReceived = bytes -> {
        StrategyCounters counters = current;
        if (counters != null) {
            counters.wireBytesIn.add(bytes);
        } else {
            addPending(0, 0, bytes, 0);
        }
    };

    final ByteActivityCallback wireSent = bytes -> {
        StrategyCounters counters = current;
        if (counters != null) {
            counters.wireBytesOut.add(bytes);
        } else {
            addPending(0, 0, 0, bytes);
        }
    };

    /** Books this connection, from now on, to {@code counters}; moves its open-connection count along. */
    synchronized void classify(StrategyCounters counters) {
        if (current == counters || closed) {
            return;
        }
        if (current != null) {
            current.openConnections.decrementAndGet();
        }
        counters.openConnections.incrementAndGet();
        counters.bytesIn.add(pendingIn);
        counters.bytesOut.add(pendingOut);
        counters.wireBytesIn.add(pendingWireIn);
        counters.wireBytesOut.add(pendingWireOut);
        pendingIn = 0;
        pendingOut = 0;
        pendingWireIn = 0;
        pendingWireOut = 0;
        current = counters;
    }

    public synchronized void closed() {
        if (!closed && current != null) {
            current.openConnections.decrementAndGet();
        }
        closed = true;
    }

    private synchronized void addPending(long in, long out, long wireIn, long wireOut) {
        StrategyCounters counters = current;
        if (counters != null) {
            counters.bytesIn.add(in);
            counters.bytesOut.add(out);
            counters.wireBytesIn.add(wireIn);
            counters.wireBytesOut.add(wireOut);
        } else {
            pendingIn += in;
            pendingOut += out;
            pendingWireIn += wireIn;
            pendingWireOut += wireOut;
        }
    }
}
