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
        unclaimed.put(connection, meter);
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
    }

    private ConnectionMeter meter(ServerConnection connection) {
        ConnectionMeter meter = connection.getAttachment(METER);
        if (meter != null || !(connection instanceof AbstractServerConnection http)) {
            return meter;
        }
        meter = unclaimed.remove(http.getChannel());
        if (meter != null) {
            connection.putAttachment(METER, meter);
            ConnectionMeter claimed = meter;
            connection.addCloseListener(c -> claimed.closed());
        }
        return meter;
    }
}
