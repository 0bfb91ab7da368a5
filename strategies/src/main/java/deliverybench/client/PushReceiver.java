package deliverybench.client;

import deliverybench.client.heartbeat.Heartbeat;
import deliverybench.client.heartbeat.HeartbeatSchedule;
import deliverybench.client.heartbeat.Timers;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioIoThread;

import java.io.Closeable;

/**
 * A device on one connection the server pushes to (WebSocket, TCP, SSE, HTTP streaming): it connects
 * through a {@link Reconnector} on one I/O thread of the driver's shared worker, resumes after any
 * disconnect, and can be slowed down by chaos. A strategy's receiver opens the connection and reads it.
 *
 * @param <C> the connection
 */
public abstract class PushReceiver<C extends Closeable> implements Receiver {

    protected final ClientContext context;
    protected final ReceivingDevice device;
    protected final String token;
    protected final XnioIoThread thread;
    protected final Reconnector<C> reconnector;
    // The device's heartbeat interval, kept across its connections (adaptive: what it learnt of the NAT).
    private final HeartbeatSchedule heartbeatSchedule;
    private volatile boolean slow;

    protected PushReceiver(ClientContext context, ReceivingDevice device, String token) {
        this.context = context;
        this.device = device;
        this.token = token;
        this.thread = context.worker().getIoThread();
        this.heartbeatSchedule = context.heartbeat().schedule();
        // Called only once start() runs, after the subclass is built.
        this.reconnector = new Reconnector<>(context, thread, this::open, this::connected);
    }

    /** Starts opening a connection, without blocking. */
    protected abstract IoFuture<C> open();

    /** A connection is open: ask, and read what is pushed. */
    protected abstract void connected(C connection);

    /** On the receiver's thread, after {@link #speedUp}: read at full speed again. */
    protected void resumeReading() {
    }

    /**
     * Starts the run's heartbeat on a connection just opened, sending {@code ping} on its schedule; null when the
     * run has none. The receiver calls {@link Heartbeat#answered} for each answer and {@link Heartbeat#stop} when
     * the connection closes.
     */
    protected final Heartbeat heartbeat(Runnable ping) {
        return context.heartbeat().enabled()
                ? Heartbeat.active(heartbeatSchedule, Timers.of(thread), ping, this::dead, context.heartbeats()) : null;
    }

    /**
     * Watches a stream whose server was asked for a keep-alive after {@link #keepAliveNs()} of silence; null when
     * the run has no heartbeat.
     */
    protected final Heartbeat keepAliveWatch(long keepAliveNs) {
        return context.heartbeat().enabled()
                ? Heartbeat.passive(heartbeatSchedule, keepAliveNs, Timers.of(thread), this::dead, context.heartbeats())
                : null;
    }

    /** The keep-alive interval to ask a stream's server for: the schedule's now; 0 without a heartbeat. */
    protected final long keepAliveNs() {
        return context.heartbeat().enabled() ? heartbeatSchedule.intervalNs() : 0;
    }

    /** A heartbeat found the connection dead: tell the device, cut it (RST); the reconnector resumes. */
    private void dead() {
        device.deadConnection();
        cutDead();
    }

    /** Cuts a connection a heartbeat found dead; its close reconnects. */
    protected void cutDead() {
        reconnector.drop();
    }

    /** Whether chaos slowed this receiver down. */
    protected final boolean slow() {
        return slow;
    }

    /** TCP_NODELAY, and while slowed down a small socket receive buffer, so that the server feels it. */
    protected final OptionMap socketOptions() {
        return slow
                ? OptionMap.create(Options.TCP_NODELAY, true, Options.RECEIVE_BUFFER, SLOW_RECEIVE_BUFFER_BYTES)
                : OptionMap.create(Options.TCP_NODELAY, true);
    }

    @Override
    public final void start() {
        reconnector.start();
    }

    @Override
    public final void drop() {
        reconnector.drop();
    }

    @Override
    public final void slowDown() {
        slow = true;
    }

    @Override
    public final void speedUp() {
        slow = false;
        thread.execute(this::resumeReading);
    }

    @Override
    public final void close() {
        reconnector.close(() -> { });
    }
}
