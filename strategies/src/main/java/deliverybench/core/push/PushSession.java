package deliverybench.core.push;

import deliverybench.core.Async;
import deliverybench.core.limits.PushLimits;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.store.Message;
import deliverybench.store.MessageStore;
import deliverybench.store.ReadResult;
import deliverybench.store.Subscriber;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * Feeds one push connection its inbox in seq order: first what it missed, read from the store in
 * chunks as the queue drains, then each new message as the store hands it over. The queue is
 * bounded ({@link PushLimits}); a connection that falls behind its bound is closed, and resuming
 * with {@code after} it loses nothing.
 *
 * @param <E> a message encoded for the connection's wire
 */
public final class PushSession<E> implements Subscriber {

    private static final int CATCH_UP_CHUNK = 256;

    private final MessageStore store;
    private final String user;
    private final PushTransport<E> transport;
    private final PushLimits limits;
    private final StrategyCounters counters;

    // Per-connection state is plain fields, changed atomically through the shared updaters below: five atomic
    // objects of their own (AtomicInteger, two AtomicLong, two AtomicBoolean) were about 100 bytes of every idle
    // connection, and its two queues (about 100 bytes more) are made when first used.
    private static final AtomicIntegerFieldUpdater<PushSession> QUEUED_MESSAGES =
            AtomicIntegerFieldUpdater.newUpdater(PushSession.class, "queuedMessages");
    private static final AtomicLongFieldUpdater<PushSession> QUEUED_BYTES =
            AtomicLongFieldUpdater.newUpdater(PushSession.class, "queuedBytes");
    private static final AtomicLongFieldUpdater<PushSession> WRITTEN_SEQ =
            AtomicLongFieldUpdater.newUpdater(PushSession.class, "writtenSeq");
    private static final AtomicIntegerFieldUpdater<PushSession> CLOSED =
            AtomicIntegerFieldUpdater.newUpdater(PushSession.class, "closed");
    private static final AtomicIntegerFieldUpdater<PushSession> DRAIN_SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(PushSession.class, "drainScheduled");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<PushSession, ConcurrentLinkedQueue> LIVE =
            AtomicReferenceFieldUpdater.newUpdater(PushSession.class, ConcurrentLinkedQueue.class, "live");

    // Queued or being written: the bound is checked against these, from any thread.
    private volatile int queuedMessages;
    private volatile long queuedBytes;
    private volatile int closed;
    private volatile int drainScheduled;
    // Handed over by the store (under the inbox lock) once following; drained on the I/O thread. Null until the
    // first message is handed over.
    private volatile ConcurrentLinkedQueue<E> live;
    // Read from the store while catching up; I/O thread only, always drained before live. Null until a catch-up
    // read finds something: most sessions never catch up more than a message or two (it grows when it needs to).
    private ArrayDeque<E> backlog;
    private long lastReadSeq;
    private boolean following;
    private boolean catchUpScheduled;
    private boolean reading;
    private boolean started;
    private volatile long ackedSeq;
    // The seq of the last message fully written: the start's after plus what was written since.
    private volatile long writtenSeq;

    public PushSession(MessageStore store, String user, PushTransport<E> transport, PushLimits limits,
                StrategyCounters counters) {
        this.store = store;
        this.user = user;
        this.transport = transport;
        this.limits = limits;
        this.counters = counters;
    }

    public String user() {
        return user;
    }

    /** Starts delivery of every message after {@code after}; call on the I/O thread. */
    public void start(long after) {
        lastReadSeq = after;
        writtenSeq = after;
        // What the client resumes after, it already has: that much counts as acknowledged.
        ackedSeq = after;
        catchUp();
    }

    /** The connection closed: stop being handed messages. Safe to call more than once. */
    public void stop() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            store.unsubscribe(user, this);
        }
    }

    public void acked(long seq) {
        ackedSeq = Math.max(ackedSeq, seq);
    }

    /** Messages queued or being written now. */
    public long queued() {
        return queuedMessages;
    }

    /** The seq of the last message fully written to this connection (the start's {@code after} before any). */
    public long writtenSeq() {
        return writtenSeq;
    }

    /** Messages written to this connection and not yet acknowledged by its client. */
    public long unacked() {
        return Math.max(0, writtenSeq - ackedSeq);
    }

    public StrategyCounters counters() {
        return counters;
    }

    @Override
    public boolean deliver(Message message) {
        if (closed != 0) {
            return false;
        }
        E encoded = transport.encode(message);
        if (!reserve(encoded)) {
            overflow();
            return false;
        }
        liveQueue().add(encoded);
        if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
            onIoThread(this::drain);
        }
        return true;
    }

    @Override
    public void lost() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            onIoThread(() -> transport.closeOverflow("the message store lost this inbox's place; resume with after"));
        }
    }

    private void catchUp() {
        catchUpScheduled = false;
        int room = limits.maxMessages() - queuedMessages;
        if (closed != 0 || following || reading || room <= 0) {
            return;
        }
        reading = true;
        counters.storeReads.increment();
        Async.on(transport.ioThread(), store.readAndFollow(user, lastReadSeq, Math.min(room, CATCH_UP_CHUNK), this),
                this::caughtUp, this::storeFailed);
    }

    /** What a catch-up read found, on the I/O thread. */
    private void caughtUp(ReadResult read) {
        reading = false;
        if (closed != 0) {
            if (read.subscribed()) {
                // Stopped while the read was out: the store registered us after stop() unsubscribed.
                store.unsubscribe(user, this);
            }
            return;
        }
        if (read.gone()) {
            stop();
            transport.closeGone(read.oldestSeq());
            return;
        }
        if (!started) {
            started = true;
            transport.started(read.highestSeq());
        }
        for (Message message : read.messages()) {
            E encoded = transport.encode(message);
            if (!reserve(encoded)) {
                if (read.subscribed()) {
                    // Already following, so the rest cannot be read again later: the bound is hit.
                    overflow();
                    return;
                }
                break;
            }
            if (backlog == null) {
                backlog = new ArrayDeque<>(2);
            }
            backlog.add(encoded);
            lastReadSeq = message.seq();
        }
        following = read.subscribed();
        drain();
    }

    private void storeFailed(Throwable error) {
        reading = false;
        if (CLOSED.compareAndSet(this, 0, 1)) {
            store.unsubscribe(user, this);
            transport.closeOverflow("the message store is unavailable; resume with after");
        }
    }

    private boolean reserve(E encoded) {
        int size = transport.size(encoded);
        int messages = QUEUED_MESSAGES.incrementAndGet(this);
        long bytes = QUEUED_BYTES.addAndGet(this, size);
        if (messages > limits.maxMessages() || bytes > limits.maxBytes()) {
            QUEUED_MESSAGES.decrementAndGet(this);
            QUEUED_BYTES.addAndGet(this, -size);
            return false;
        }
        return true;
    }

    private void overflow() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            store.unsubscribe(user, this);
            String reason = "outbound queue over its bound of " + limits.maxMessages() + " messages or "
                    + limits.maxBytes() + " bytes; resume with after";
            onIoThread(() -> transport.closeOverflow(reason));
        }
    }

    private void drain() {
        drainScheduled = 0;
        if (closed != 0) {
            return;
        }
        transport.batch(() -> {
            E encoded;
            if (backlog != null) {
                while ((encoded = backlog.poll()) != null) {
                    write(encoded);
                }
            }
            ConcurrentLinkedQueue<E> handedOver = live;
            if (handedOver != null) {
                while ((encoded = handedOver.poll()) != null) {
                    write(encoded);
                }
            }
        });
    }

    private void write(E encoded) {
        int size = transport.size(encoded);
        transport.write(encoded, () -> {
            QUEUED_MESSAGES.decrementAndGet(this);
            QUEUED_BYTES.addAndGet(this, -size);
            WRITTEN_SEQ.incrementAndGet(this);
            counters.messagesWritten.increment();
            if (!following && !catchUpScheduled && closed == 0) {
                // Scheduled, not called: a write that completes at once must not recurse.
                catchUpScheduled = true;
                onIoThread(this::catchUp);
            }
        });
    }

    /** The queue the store hands messages over in, made by the first message handed over (from any thread). */
    @SuppressWarnings("unchecked")
    private ConcurrentLinkedQueue<E> liveQueue() {
        ConcurrentLinkedQueue<E> queue = live;
        if (queue == null) {
            LIVE.compareAndSet(this, null, new ConcurrentLinkedQueue<E>());
            queue = live;
        }
        return queue;
    }

    private void onIoThread(Runnable task) {
        try {
            transport.ioThread().execute(task);
        } catch (RejectedExecutionException e) {
            // The server is shutting down; the connection goes with it.
            stop();
        }
    }
}
