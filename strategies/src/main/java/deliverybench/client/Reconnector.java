package deliverybench.client;

import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The connect, lose, reconnect cycle every receiver shares: counts connections and reconnects,
 * backs off 50 ms doubling to 2 s (back to 50 ms after a success), and never reconnects after close.
 *
 * @param <C> the connection: an HTTP client connection, a WebSocket channel, a TCP stream
 */
public final class Reconnector<C extends Closeable> {

    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final ClientContext context;
    private final XnioIoThread thread;
    private final Supplier<IoFuture<C>> opener;
    private final Consumer<C> onConnected;
    private long backoffMs = FIRST_BACKOFF_MS;
    private boolean wasConnected;
    private C current;
    private C abandoned;
    private volatile boolean closed;

    public Reconnector(ClientContext context, XnioIoThread thread, Supplier<IoFuture<C>> opener, Consumer<C> onConnected) {
        this.context = context;
        this.thread = thread;
        this.opener = opener;
        this.onConnected = onConnected;
    }

    public void start() {
        thread.execute(this::connect);
    }

    /**
     * Closes for good; {@code before} runs first on the I/O thread. An HTTP/1.1 client connection is reset at once
     * ({@link HttpClientReset}): closed politely while a response is held (SSE, streaming, a long poll), it stays open
     * on both sides for up to 10 s, into the next run of a sweep.
     */
    public void close(Runnable before) {
        closed = true;
        thread.execute(() -> {
            before.run();
            C connection = current;
            if (!(connection instanceof io.undertow.client.ClientConnection http) || !HttpClientReset.resetNow(http)) {
                IoUtils.safeClose(connection);
            }
        });
    }

    /** Cuts the current connection with a reset (RST, not a polite FIN); its close listener reconnects. */
    public void drop() {
        thread.execute(() -> {
            C connection = current;
            if (connection instanceof io.undertow.client.ClientConnection http && HttpClientReset.resetNow(http)) {
                return;
            }
            abort(connection);
            IoUtils.safeClose(connection);
        });
    }

    /** Makes the connection's close a reset; one where that cannot be set closes politely. */
    private static void abort(Closeable connection) {
        try {
            if (connection instanceof org.xnio.channels.Configurable configurable) {
                configurable.setOption(org.xnio.Options.CLOSE_ABORT, true);
            } else if (connection instanceof io.undertow.client.ClientConnection client) {
                client.setOption(org.xnio.Options.CLOSE_ABORT, true);
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not settable on this connection: it closes politely instead.
        }
    }

    /**
     * Gives up on the current connection at once and connects again: for a connection whose close waits for the
     * peer (Undertow's HTTP client drains for up to 10 s), which a NAT that forgot it will never answer. Its close,
     * whenever it comes, goes to {@link #disconnected(Closeable)} and is not counted again.
     */
    public void abandon() {
        thread.execute(() -> {
            C connection = current;
            if (connection == null || connection == abandoned) {
                return;
            }
            abandoned = connection;
            IoUtils.safeClose(connection);
            disconnected();
        });
    }

    /** As {@link #disconnected()}, for a connection that may have been abandoned already. */
    public void disconnected(C connection) {
        if (connection != abandoned) {
            disconnected();
        }
    }

    public boolean closed() {
        return closed;
    }

    /** The receiver's connection closed: count it and, unless closed for good, reconnect after the backoff. */
    public void disconnected() {
        context.connected.decrement();
        retry();
    }

    /** The receiver's connection closed and it reconnects only when it next needs one ({@link #reconnect}): count it. */
    public void idle() {
        context.connected.decrement();
    }

    /** Connects again now, after {@link #idle}; call on the I/O thread. */
    public void reconnect() {
        connect();
    }

    /** Something failed that is not a lost connection (a refused answer): wait the backoff, then run the task. */
    public void later(Runnable task) {
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        thread.executeAfter(task, delay, TimeUnit.MILLISECONDS);
    }

    public void succeeded() {
        backoffMs = FIRST_BACKOFF_MS;
    }

    private void connect() {
        if (closed) {
            return;
        }
        opener.get().addNotifier(new IoFuture.HandlingNotifier<C, Void>() {
            @Override
            public void handleDone(C connection, Void attachment) {
                connected(connection);
            }

            @Override
            public void handleFailed(IOException exception, Void attachment) {
                retry();
            }
        }, null);
    }

    private void connected(C connection) {
        current = connection;
        if (closed) {
            IoUtils.safeClose(connection);
            return;
        }
        if (wasConnected) {
            context.reconnects.increment();
        }
        wasConnected = true;
        context.connected.increment();
        succeeded();
        onConnected.accept(connection);
    }

    private void retry() {
        if (!closed) {
            thread.execute(() -> later(this::connect));
        }
    }
}
