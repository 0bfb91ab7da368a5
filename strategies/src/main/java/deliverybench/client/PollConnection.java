package deliverybench.client;

import deliverybench.client.h2.H2Connection;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One device polling {@code GET /messages} over one kept-alive HTTP connection: one request in flight
 * at a time, answers handed to the device, a 410 followed to where it says. When to ask is the
 * {@link Policy}'s: a short poll asks on a timer, a long poll again as soon as it is answered. Under
 * {@code run --http2} the connection is an HTTP/2 one and each poll a stream on it.
 */
public final class PollConnection {

    /** When a poll is sent; every method runs on the connection's I/O thread. */
    public interface Policy {
        /** A connection is up: start asking. */
        void connected(PollConnection poll);

        /** An answer came ({@code ok}: a 200 that parsed). {@code owed}: a poll was asked for while this one was out. */
        void answered(PollConnection poll, boolean ok, boolean owed);

        /** The connection is gone: stop asking until {@link #connected} again. */
        void disconnected();

        /**
         * Whether a lost connection is reopened at once (a long poll, always asking) or only at the next poll (a
         * short poll: a server that cuts it between polls, idle, is not answered by a reconnect every few seconds).
         */
        default boolean reconnectAtOnce() {
            return true;
        }
    }

    private final ClientContext context;
    private final ReceivingDevice device;
    private final String waitParameter;
    private final byte[] requestEnd;
    private final Policy policy;
    private final XnioIoThread thread;
    private final String authorization;
    private final InetSocketAddress server;
    private final Reconnector<Closeable> reconnector;
    private Http1Connection connection;
    private H2Connection h2;
    private boolean inFlight;
    private boolean owed;
    private boolean idle;

    /** @param waitSeconds the long poll's {@code wait}, 0 for a short poll */
    public PollConnection(ClientContext context, ReceivingDevice device, String token, int waitSeconds, Policy policy) {
        this.context = context;
        this.device = device;
        this.waitParameter = waitSeconds > 0 ? "&wait=" + waitSeconds : "";
        // Everything after the path is the same for every poll of this device: written once.
        this.requestEnd = (" HTTP/1.1\r\nHost: " + context.http().getHost() + "\r\nAuthorization: Bearer " + token
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.authorization = "Bearer " + token;
        this.policy = policy;
        this.thread = context.worker().getIoThread();
        this.server = new InetSocketAddress(context.http().getHost(), context.http().getPort());
        this.reconnector = new Reconnector<>(context, thread, this::open, this::connected);
    }

    @SuppressWarnings("unchecked")
    private IoFuture<Closeable> open() {
        // Only ever read: a future of either connection is a future of a Closeable.
        return context.http2() == null
                ? (IoFuture<Closeable>) (IoFuture<?>) context.open(thread, server, OptionMap.create(Options.TCP_NODELAY, true))
                : (IoFuture<Closeable>) (IoFuture<?>) context.http2().connect(thread, server, 0);
    }

    public XnioIoThread thread() {
        return thread;
    }

    public Reconnector<Closeable> reconnector() {
        return reconnector;
    }

    public void start() {
        reconnector.start();
    }

    public void drop() {
        reconnector.drop();
    }

    /** Closes for good; {@code before} runs first on the I/O thread. */
    public void close(Runnable before) {
        reconnector.close(before);
    }

    private void connected(Closeable result) {
        if (result instanceof H2Connection multiplexed) {
            h2 = multiplexed;
            multiplexed.onClose(this::closed);
        } else {
            StreamConnection stream = (StreamConnection) result;
            connection = new Http1Connection(stream);
            stream.setCloseListener(c -> {
                connection.closed();
                closed();
            });
        }
        policy.connected(this);
        if (owed) {
            owed = false;
            poll();
        }
    }

    private void closed() {
        policy.disconnected();
        inFlight = false;
        owed = false;
        if (policy.reconnectAtOnce() || reconnector.closed()) {
            reconnector.disconnected();
        } else {
            idle = true;
            reconnector.idle();
        }
    }

    /** Sends a poll now, or as soon as the one in flight is answered. Call on {@link #thread()}. */
    public void poll() {
        if (inFlight) {
            owed = true;
            return;
        }
        if (reconnector.closed()) {
            return;
        }
        if (!(h2 != null ? h2.isOpen() : connection != null && connection.isOpen())) {
            // Not connected (yet, or no more): a short poll asks as soon as it is.
            if (!policy.reconnectAtOnce()) {
                owed = true;
                if (idle) {
                    idle = false;
                    reconnector.reconnect();
                }
            }
            return;
        }
        owed = false;
        inFlight = true;
        String path = "/messages?after=" + device.resumeAfter() + context.epochParameter(device) + waitParameter;
        if (h2 != null) {
            H2Connection current = h2;
            current.get(path, new Http1Connection.Answer() {
                @Override
                public void answered(int status, ByteBuffer body) {
                    inFlight = false;
                    PollConnection.this.answered(status, StandardCharsets.UTF_8.decode(body).toString());
                }

                @Override
                public void failed(IOException error) {
                    inFlight = false;
                    current.close();
                }
            }, "authorization", authorization);
            return;
        }
        byte[] start = ("GET " + path).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer request = ByteBuffer.allocate(start.length + requestEnd.length).put(start).put(requestEnd).flip();
        Http1Connection current = connection;
        current.request(request, new Http1Connection.Answer() {
            @Override
            public void answered(int status, ByteBuffer body) {
                inFlight = false;
                PollConnection.this.answered(status, StandardCharsets.UTF_8.decode(body).toString());
            }

            @Override
            public void failed(IOException error) {
                inFlight = false;
                IoUtils.safeClose(current.connection());
            }
        });
    }

    private void answered(int status, String body) {
        boolean ok = status == 200;
        if (ok) {
            try {
                device.epoch(WireJson.visit(body, device::deliver).epoch());
            } catch (IOException e) {
                context.countError();
                ok = false;
            }
        } else if (status == 410) {
            // Retention dropped what this device missed, or a restart lost the inbox (a new epoch): go on
            // from the oldest held, in the epoch the server named.
            context.countGone();
            device.gone(WireJson.field(body, "oldest") - 1, WireJson.field(body, "epoch"));
        } else {
            context.countError();
        }
        if (!reconnector.closed()) {
            policy.answered(this, ok, owed);
        }
    }
}
