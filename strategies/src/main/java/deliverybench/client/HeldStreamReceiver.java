package deliverybench.client;

import deliverybench.client.heartbeat.Heartbeat;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import org.xnio.IoFuture;
import org.xnio.IoUtils;

import deliverybench.client.h2.H2Connection;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device reading one held {@code GET} answer line by line (SSE, HTTP streaming): a 410 resumes where the
 * server said, an answer the server ended on purpose is asked again on the same connection, anything else
 * connects again after the backoff. A subclass keeps only its request and its line format. No thread per stream.
 * Under {@code run --http2} the connection is an HTTP/2 one and each answer a stream on it.
 */
public abstract class HeldStreamReceiver extends PushReceiver<Closeable> {

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
    @SuppressWarnings("unchecked")
    protected final IoFuture<Closeable> open() {
        // Only ever read: a future of either connection is a future of a Closeable.
        IoFuture<?> opening;
        if (context.http2() != null) {
            opening = context.http2().connect(thread, new InetSocketAddress(context.http().getHost(), context.http().getPort()),
                    slow() ? SLOW_RECEIVE_BUFFER_BYTES : 0);
        } else if (context.tls() == null) {
            opening = UndertowClient.getInstance().connect(context.http(), thread, context.pool(), socketOptions());
        } else {
            opening = UndertowClient.getInstance().connect(context.http(), thread, context.tls().xnioSsl(), context.pool(),
                    socketOptions());
        }
        return (IoFuture<Closeable>) opening;
    }

    @Override
    protected final void connected(Closeable connection) {
        if (connection instanceof H2Connection h2) {
            h2.onClose(() -> reconnector.disconnected(connection));
        } else {
            ((ClientConnection) connection).getCloseSetter().set(c -> reconnector.disconnected(connection));
        }
        ask(connection);
    }

    private void ask(Closeable connection) {
        H2Connection h2 = connection instanceof H2Connection multiplexed ? multiplexed : null;
        if (reconnector.closed() || !(h2 != null ? h2.isOpen() : ((ClientConnection) connection).isOpen())) {
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
        Answer answer = new Answer(connection, format(), watch);
        if (h2 == null) {
            StreamingGet.send((ClientConnection) connection, context.pool(), path(after) + keepAlive, headers, this::slow,
                    answer);
            return;
        }
        // HTTP/2's header names are lower case.
        List<CharSequence> fields = new ArrayList<>();
        headers.forEach((name, value) -> {
            fields.add(name.toLowerCase(Locale.ROOT));
            fields.add(value);
        });
        h2.get(path(after) + keepAlive, answer.overHttp2(), fields.toArray(CharSequence[]::new));
    }

    /** One answer: its lines go to the format while it is a 200; its end decides what comes next. */
    private final class Answer implements StreamingGet.Lines {
        private final Closeable connection;
        private final Format format;
        private final Heartbeat watch;
        private final StringBuilder errorBody = new StringBuilder();
        private int status;
        private boolean broken;

        Answer(Closeable connection, Format format, Heartbeat watch) {
            this.connection = connection;
            this.format = format;
            this.watch = watch;
        }

        /** The same answer read from an HTTP/2 stream: its data cut into lines as StreamingGet does. */
        H2Connection.Response overHttp2() {
            LineSplitter splitter = new LineSplitter(this);
            return new H2Connection.Response() {
                @Override
                public void status(int code) {
                    Answer.this.status(code);
                }

                @Override
                public void data(ByteBuffer chunk) {
                    try {
                        if (!broken) {
                            splitter.split(chunk);
                        }
                    } catch (IOException e) {
                        failed(e);
                    }
                }

                @Override
                public void end() {
                    try {
                        if (!broken) {
                            splitter.finish();
                            Answer.this.end();
                        }
                    } catch (IOException e) {
                        failed(e);
                    }
                }

                @Override
                public void failed(IOException error) {
                    if (!broken) {
                        broken = true;
                        Answer.this.failed(error);
                    }
                }
            };
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
