package deliverybench.store;

/**
 * Receives the new messages of one inbox as they are appended (edge-triggered: the store calls it,
 * nothing scans).
 *
 * <p>The store calls {@link #deliver} while it holds the inbox's lock, so that every subscriber
 * sees the inbox's messages in seq order. An implementation must therefore never block and never
 * call back into the store: it hands the message on (a queue, a task on an I/O thread) and returns.
 */
public interface Subscriber {

    /**
     * @param message the message just appended
     * @return true to stay subscribed, false to be removed (a one-shot waiter, a closed connection)
     */
    boolean deliver(Message message);

    /**
     * The store can no longer hand this subscriber its inbox in order and without a gap (a store in
     * Redis that lost its data, or a gap older than retention): it is removed, and should end so that
     * its client resumes with {@code after} and is told. Never called by the in-memory store.
     */
    default void lost() {
    }
}
