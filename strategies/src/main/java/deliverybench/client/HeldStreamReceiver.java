package deliverybench.client;

import deliverybench.client.heartbeat.Heartbeat;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import org.xnio.IoFuture;
import org.xnio.IoUtils;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device reading one held {@code GET} answer line by line (SSE, HTTP streaming): a 410 resumes where the
 * server said, an answer the server ended on purpose is asked again on the same connection, anything else
 * connects again after the backoff. A subclass keeps only its request and its line format. No thread per stream.
 */
public abstract class HeldStreamReceiver extends PushReceiver<ClientConnection> {

    /** What one answer's lines mean; a new one for each answer. */
    protected interface Format {
        /** One line of a 200 answer. */
        void line(String line) throws IOException;

        /** Whether the line is the server's keep-alive (what a heartbeat waits for). */
        boolean keepAlive(String line);

        /** The server ended this answer on purpose, to be asked again at once (RFC 6202 3.2). */
        default boolean endedByServer() {
            return false;
        }
    }

    protected HeldStreamReceiver(ClientContext context, ReceivingDevice device, String token) {
        super(context, device, token);
    }

    /** Undertow's client closes by draining until the peer's FIN, which a forgotten connection never sends: no waiting. */
    @Override
    protected final void cutDead() {
        reconnector.abandon();
    }

    /** The request's path, resuming after {@code after}. */
    protected abstract String path(long after);

    /** Adds the request's headers beyond {@code Authorization}. */
    protected void headers(Map<String, String> headers, long after) {
    }

    protected abstract Format format();

    @Override
    protected final IoFuture<ClientConnection> open() {
        return context.tls() == null
                ? UndertowClient.getInstance().connect(context.http(), thread, context.pool(), socketOptions())
                : UndertowClient.getInstance().connect(context.http(), thread, context.tls().xnioSsl(), context.pool(), socketOptions());
    }

    @Override
    protected final void connected(ClientConnection connection) {
        connection.getCloseSetter().set(c -> reconnector.disconnected(connection));
        ask(connection);
    }

    private void ask(ClientConnection connection) {
        if (reconnector.closed() || !connection.isOpen()) {
            return;
        }
        long after = device.resumeAfter();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers(headers, after);
        // With a heartbeat, the server is asked for its keep-alive at the device's interval (contract: keepalive=ms).
        long keepAliveNs = keepAliveNs();
        String keepAlive = keepAliveNs > 0 ? "&keepalive=" + Math.max(1, keepAliveNs / 1_000_000) : "";
        Heartbeat watch = keepAliveWatch(keepAliveNs);
        StreamingGet.send(connection, context.pool(), path(after) + keepAlive, headers, this::slow,
                new Answer(connection, format(), watch));
    }

    /** One answer: its lines go to the format while it is a 200; its end decides what comes next. */
    private final class Answer implements StreamingGet.Lines {
        private final ClientConnection connection;
        private final Format format;
        private final Heartbeat watch;
        private final StringBuilder errorBody = new StringBuilder();
        private int status;

        Answer(ClientConnection connection, Format format, Heartbeat watch) {
            this.connection = connection;
            this.format = format;
            this.watch = watch;
        }

        @Override
        public void status(int code) {
            status = code;
        }

        @Override
        public void line(String line) throws IOException {
            if (status != 200) {
                errorBody.append(line);
            } else {
                if (watch != null && format.keepAlive(line)) {
                    watch.answered();
                } else if (watch != null) {
                    watch.heard();
                }
                format.line(line);
            }
        }

        @Override
        public void end() {
            if (watch != null) {
                watch.stop();
            }
            if (status == 200 && format.endedByServer()) {
                ask(connection);
                return;
            }
            if (status == 410) {
                context.countGone();
                String body = errorBody.toString();
                device.gone(WireJson.field(body, "oldest") - 1, WireJson.field(body, "epoch"));
            } else if (status != 200) {
                context.countError();
            }
            // Cut off, gone, refused: connect again (after the backoff) and resume, as EventSource does.
            IoUtils.safeClose(connection);
        }

        @Override
        public void failed(IOException error) {
            if (watch != null) {
                watch.stop();
            }
            // Closed here (a drop, a stop): under TLS the read then fails rather than ends; not the server's fault.
            if (status == 200 && !(error instanceof java.nio.channels.ClosedChannelException)) {
                context.countError();
            }
            IoUtils.safeClose(connection);
        }
    }
}
