package deliverybench.core.push;

import deliverybench.store.Message;
import java.util.concurrent.Executor;

/**
 * What a push connection (WebSocket or TCP) does with bytes; {@link PushSession} decides what and when.
 *
 * @param <E> a message encoded for the wire
 */
public interface PushTransport<E> {

    /**
     * The I/O thread that owns the connection (an XNIO thread, or a Netty event loop); {@code write} and the
     * closes are called on it.
     */
    Executor ioThread();

    /** Encodes a message as it will be written. May be called on any thread. */
    E encode(Message message);

    /** The bytes an encoded message takes in the outbound queue. */
    int size(E encoded);

    /** The first read found the inbox at {@code highestSeq}; called once, before any message is written. */
    default void started(long highestSeq) {
    }

    /**
     * Runs {@code writes} (several {@link #write}s) as one batch: a transport that can, writes them all
     * with one system call at the end instead of one each.
     */
    default void batch(Runnable writes) {
        writes.run();
    }

    /** Starts writing without blocking; runs {@code written} once it has left. On failure the connection closes. */
    void write(E encoded, Runnable written);

    /**
     * Closes for now, to be resumed later: the client read too slowly (past the queue's bound), or the
     * store could not be reached. WebSocket 1013, TCP ERROR 503, a held stream's answer ends.
     */
    void closeOverflow(String reason);

    /** Closes because {@code after} is older than retention or beyond the newest: WebSocket 4410, TCP ERROR 410. */
    void closeGone(long oldestSeq);

    /**
     * The text of a WebSocket 4410 or TCP ERROR 410: {@code oldest=N}, and {@code epoch=E} after it for
     * a client that named an epoch ({@code epoch} 0 for one that did not: contract v1 text).
     */
    static String goneReason(long oldestSeq, long epoch) {
        return epoch == 0 ? "oldest=" + oldestSeq : "oldest=" + oldestSeq + " epoch=" + epoch;
    }
}
