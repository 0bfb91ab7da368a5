package deliverybench.client;

import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioIoThread;

import java.io.IOException;

/**
 * One device polling {@code GET /messages} over one kept-alive HTTP connection: one request in flight
 * at a time, answers handed to the device, a 410 followed to where it says. When to ask is the
 * {@link Policy}'s: a short poll asks on a timer, a long poll again as soon as it is answered.
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
    }

    private final ClientContext context;
    private final Device device;
    private final String token;
    private final String waitParameter;
    private final Policy policy;
    private final XnioIoThread thread;
    private final Reconnector<ClientConnection> reconnector;
    private ClientConnection connection;
    private boolean inFlight;
    private boolean owed;

    /** @param waitSeconds the long poll's {@code wait}, 0 for a short poll */
    public PollConnection(ClientContext context, Device device, String token, int waitSeconds, Policy policy) {
        this.context = context;
        this.device = device;
        this.token = token;
        this.waitParameter = waitSeconds > 0 ? "&wait=" + waitSeconds : "";
        this.policy = policy;
        this.thread = context.worker().getIoThread();
        this.reconnector = new Reconnector<>(context, thread, () -> UndertowClient.getInstance().connect(
                context.http(), thread, context.pool(), OptionMap.create(Options.TCP_NODELAY, true)), this::connected);
    }

    public XnioIoThread thread() {
        return thread;
    }

    public Reconnector<ClientConnection> reconnector() {
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

    private void connected(ClientConnection result) {
        connection = result;
        connection.getCloseSetter().set(c -> {
            policy.disconnected();
            inFlight = false;
            owed = false;
            reconnector.disconnected();
        });
        policy.connected(this);
    }

    /** Sends a poll now, or as soon as the one in flight is answered. Call on {@link #thread()}. */
    public void poll() {
        if (inFlight) {
            owed = true;
            return;
        }
        if (reconnector.closed() || connection == null || !connection.isOpen()) {
            return;
        }
        owed = false;
        inFlight = true;
        String path = "/messages?after=" + device.resumeAfter() + context.epochParameter(device) + waitParameter;
        HttpCall.get(connection, context.pool(), path, token, new HttpCall.Answer() {
            @Override
            public void response(int status, String body) {
                inFlight = false;
                answered(status, body);
            }

            @Override
            public void failed(IOException error) {
                inFlight = false;
                IoUtils.safeClose(connection);
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
