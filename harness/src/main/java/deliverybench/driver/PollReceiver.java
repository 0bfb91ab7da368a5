package deliverybench.driver;

import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A device that polls over one kept-alive HTTP connection: short poll asks every interval and gets
 * an answer at once; long poll asks with {@code wait} and asks again as soon as it is answered.
 */
final class PollReceiver implements Receiver {

    enum Mode { SHORT, LONG }

    private final ReceiverContext context;
    private final DeliveryLedger.Device device;
    private final String token;
    private final Mode mode;
    private final XnioIoThread thread;
    private final Reconnector<ClientConnection> reconnector;
    private final long phaseMs;
    private ClientConnection connection;
    private XnioExecutor.Key ticker;
    private boolean inFlight;
    // A short poll whose tick came while the previous poll was still out: sent as soon as it answers.
    private boolean owed;

    PollReceiver(ReceiverContext context, DeliveryLedger.Device device, String token, Mode mode, long seed) {
        this.context = context;
        this.device = device;
        this.token = token;
        this.mode = mode;
        this.thread = context.worker.getIoThread();
        // Spread the polls of many clients evenly over the interval instead of all at once.
        this.phaseMs = new SplittableRandom(seed).nextLong(Math.max(1, context.pollIntervalMs));
        this.reconnector = new Reconnector<>(context, thread, () -> UndertowClient.getInstance().connect(
                context.http, thread, context.pool, OptionMap.create(Options.TCP_NODELAY, true)), this::connected);
    }

    @Override
    public void start() {
        reconnector.start();
    }

    @Override
    public void drop() {
        reconnector.drop();
    }

    @Override
    public void close() {
        reconnector.close(() -> {
            if (ticker != null) {
                ticker.remove();
            }
        });
    }

    private void connected(ClientConnection result) {
        connection = result;
        connection.getCloseSetter().set(c -> {
            if (ticker != null) {
                ticker.remove();
                ticker = null;
            }
            inFlight = false;
            owed = false;
            reconnector.disconnected();
        });
        if (mode == Mode.SHORT) {
            ticker = thread.executeAtInterval(this::poll, context.pollIntervalMs, TimeUnit.MILLISECONDS);
            thread.executeAfter(this::poll, phaseMs, TimeUnit.MILLISECONDS);
        } else {
            poll();
        }
    }

    private void poll() {
        if (inFlight) {
            owed = true;
            return;
        }
        if (reconnector.closed() || connection == null || !connection.isOpen()) {
            return;
        }
        owed = false;
        inFlight = true;
        String path = "/messages?after=" + device.resumeAfter() + (context.epochs ? "&epoch=" + device.epoch() : "")
                + (mode == Mode.LONG ? "&wait=" + context.pollWaitSeconds : "");
        HttpCall.get(connection, context.pool, path, token, new HttpCall.Answer() {
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
                device.epoch(PollResponse.visit(body, (seq, text) -> context.inbound.deliver(device, seq, text)).epoch());
            } catch (IOException e) {
                context.errors.increment();
                ok = false;
            }
        } else if (status == 410) {
            // Retention dropped what this device missed, or a restart lost the inbox (a new epoch): the
            // ledger counts it lost; go on from the oldest held, in the epoch the server named.
            context.gone.increment();
            device.gone(PollResponse.field(body, "oldest") - 1, PollResponse.field(body, "epoch"));
        } else {
            context.errors.increment();
        }
        if (mode == Mode.SHORT && owed && !reconnector.closed()) {
            thread.execute(this::poll);
        } else if (mode == Mode.LONG && !reconnector.closed()) {
            if (ok) {
                reconnector.succeeded();
                thread.execute(this::poll);
            } else {
                reconnector.later(this::poll);
            }
        }
    }
}
