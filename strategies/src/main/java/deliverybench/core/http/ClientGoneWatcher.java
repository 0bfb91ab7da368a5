package deliverybench.core.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.ImmediatePooledByteBuffer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Notices, while a request is held, that its client closed the connection.
 *
 * <p>Undertow stops reading an HTTP/1.1 connection while a request is being handled, so a client
 * that goes away is only seen at the next write, up to {@code wait} seconds later. A held long
 * poll therefore reads the connection itself: end of stream means the client is gone; bytes mean
 * a pipelined request, which is handed back to Undertow untouched.
 */
public final class ClientGoneWatcher {

    private final ConduitStreamSourceChannel source;
    private final ChannelListener<? super ConduitStreamSourceChannel> undertowListener;
    private boolean stopped;

    private ClientGoneWatcher(HttpServerConnection connection, Runnable onGone) {
        this.source = connection.getChannel().getSourceChannel();
        this.undertowListener = source.getReadListener();
        source.setReadListener(channel -> onReadable(connection, onGone));
        source.resumeReads();
    }

    /** Starts watching the exchange's connection; null when the connection is not plain HTTP/1.1. */
    public static ClientGoneWatcher watch(HttpServerExchange exchange, Runnable onGone) {
        if (exchange.getConnection() instanceof HttpServerConnection http) {
            return new ClientGoneWatcher(http, onGone);
        }
        return null;
    }

    /** Gives the connection back to Undertow; call on the I/O thread before answering. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            source.suspendReads();
            source.setReadListener(undertowListener);
        }
    }

    private void onReadable(HttpServerConnection connection, Runnable onGone) {
        ByteBuffer probe = ByteBuffer.allocate(1);
        int read;
        try {
            read = source.read(probe);
        } catch (IOException e) {
            read = -1;
        }
        if (read == 0) {
            return;
        }
        stop();
        if (read < 0) {
            onGone.run();
            IoUtils.safeClose(connection);
        } else {
            probe.flip();
            connection.ungetRequestBytes(new ImmediatePooledByteBuffer(probe));
        }
    }
}
