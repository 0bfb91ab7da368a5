package deliverybench.core.stats;

import io.undertow.conduits.BytesReceivedStreamSourceConduit;
import io.undertow.conduits.BytesSentStreamSinkConduit;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import deliverybench.tls.ServerTls;
import org.xnio.StreamConnection;
import org.xnio.ssl.SslConnection;

import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts a {@link ConnectionMeter} under every accepted HTTP connection, below Undertow's parser, so
 * that {@code bytes_in}/{@code bytes_out} are what crossed the socket.
 */
public final class ConnectionMeters {

    private static final AttachmentKey<ConnectionMeter> METER = AttachmentKey.create(ConnectionMeter.class);

    // Meters of connections that have not yet carried a request; moved onto the Undertow
    // connection at its first request. Entries of connections that close first are swept.
    private final ConcurrentHashMap<StreamConnection, ConnectionMeter> unclaimed = new ConcurrentHashMap<>();
    // The same connections by their peer: an HTTP/2 stream's connection object (one per stream) does not
    // show its socket, only the peer, which is one socket's while it is open.
    private final ConcurrentHashMap<SocketAddress, StreamConnection> byPeer = new ConcurrentHashMap<>();

    /** Wraps the connection's conduits with byte counters; call before Undertow sees the connection. */
    public void wrap(StreamConnection connection) {
        wrap(connection, new ConnectionMeter());
    }

    /**
     * Puts TLS over an accepted connection with a counter on each side of it: the wire bytes below, the
     * plaintext above; returns the connection Undertow is to see.
     */
    public SslConnection wrapTls(StreamConnection raw, ServerTls tls) {
        ConnectionMeter meter = new ConnectionMeter();
        raw.getSourceChannel().setConduit(new BytesReceivedStreamSourceConduit(raw.getSourceChannel().getConduit(), meter.wireReceived));
        raw.getSinkChannel().setConduit(new BytesSentStreamSinkConduit(raw.getSinkChannel().getConduit(), meter.wireSent));
        SslConnection wrapped = tls.wrap(raw);
        wrap(wrapped, meter);
        return wrapped;
    }

    private void wrap(StreamConnection connection, ConnectionMeter meter) {
        connection.getSourceChannel().setConduit(
                new BytesReceivedStreamSourceConduit(connection.getSourceChannel().getConduit(), meter.received));
        connection.getSinkChannel().setConduit(
                new BytesSentStreamSinkConduit(connection.getSinkChannel().getConduit(), meter.sent));
        meter.socket = connection;
        unclaimed.put(connection, meter);
        SocketAddress peer = connection.getPeerAddress();
        if (peer != null) {
            byPeer.put(peer, connection);
        }
    }

    /** Books the exchange's connection to {@code counters} from now on; returns its meter (null if unmetered). */
    public ConnectionMeter classify(HttpServerExchange exchange, StrategyCounters counters) {
        ConnectionMeter meter = meter(exchange.getConnection());
        if (meter != null) {
            meter.classify(counters);
        }
        return meter;
    }

    /** Drops the meters of connections that closed before carrying a request. */
    public void sweep() {
        unclaimed.keySet().removeIf(connection -> !connection.isOpen());
        byPeer.values().removeIf(connection -> !connection.isOpen());
    }

    /**
     * The socket-level connection an exchange arrived on (above TLS): an HTTP/1.1 connection's channel, or
     * the connection an HTTP/2 stream is multiplexed on; null when it is not one of the metered ones.
     */
    public StreamConnection socket(ServerConnection connection) {
        if (connection instanceof AbstractServerConnection http) {
            return http.getChannel();
        }
        ConnectionMeter meter = meter(connection);
        return meter == null ? null : meter.socket;
    }

    private ConnectionMeter meter(ServerConnection connection) {
        ConnectionMeter meter = connection.getAttachment(METER);
        if (meter != null) {
            return meter;
        }
        // HTTP/2: the attachment lives on the connection all its streams share, so this runs once per connection.
        StreamConnection socket = connection instanceof AbstractServerConnection http ? http.getChannel()
                : byPeer.get(connection.getPeerAddress());
        if (socket == null) {
            return null;
        }
        meter = unclaimed.remove(socket);
        byPeer.remove(connection.getPeerAddress(), socket);
        if (meter != null) {
            connection.putAttachment(METER, meter);
            ConnectionMeter claimed = meter;
            connection.addCloseListener(c -> claimed.closed());
        }
        return meter;
    }
}
