package deliverybench.core.limits;

import org.xnio.StreamConnection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts, per source address, the connections whose handshake is not finished (no HELLO accepted, no
 * request head yet) and refuses one more past the limit, so that one address cannot hold the server's
 * memory with connections that never say who they are. A connection is counted from {@link #admit}
 * until {@link #finished}, or until it is found closed.
 */
public final class HandshakeGuard {

    private final int maxPerAddress;
    private final ConcurrentHashMap<InetAddress, Set<StreamConnection>> pending = new ConcurrentHashMap<>();
    // Taken when counted: a closed connection may no longer know its peer.
    private final ConcurrentHashMap<StreamConnection, InetAddress> addresses = new ConcurrentHashMap<>();

    public HandshakeGuard(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** Counts the new connection unless its address already has the most unfinished; returns whether it did. */
    public boolean admit(StreamConnection connection) {
        boolean[] admitted = new boolean[1];
        InetAddress from = address(connection);
        pending.compute(from, (address, connections) -> {
            Set<StreamConnection> set = connections == null ? ConcurrentHashMap.newKeySet() : connections;
            if (set.size() >= maxPerAddress) {
                // Connections that went away without a word are counted until someone looks.
                set.removeIf(c -> !c.isOpen() && addresses.remove(c) != null);
            }
            if (set.size() < maxPerAddress && set.add(connection)) {
                addresses.put(connection, address);
                admitted[0] = true;
            }
            return set.isEmpty() ? null : set;
        });
        return admitted[0];
    }

    /** The connection finished its handshake or closed; returns whether it was still counted. Idempotent. */
    public boolean finished(StreamConnection connection) {
        InetAddress from = addresses.remove(connection);
        if (from == null) {
            return false;
        }
        pending.computeIfPresent(from, (address, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
        return true;
    }

    /** Unfinished handshakes now, over every address. */
    public int pending() {
        return addresses.size();
    }

    private static InetAddress address(StreamConnection connection) {
        InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
        return peer == null ? InetAddress.getLoopbackAddress() : peer.getAddress();
    }
}
