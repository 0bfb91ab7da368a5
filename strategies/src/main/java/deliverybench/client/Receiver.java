package deliverybench.client;

/** One device's receiving connection for one strategy: it moves bytes and hands messages to its {@link ReceivingDevice}. */
public interface Receiver {

    /** The socket receive buffer of a slow receiver ({@code --chaos slow}): small, so that the server feels it. */
    int SLOW_RECEIVE_BUFFER_BYTES = 4_096;

    /** Connects (without blocking) and keeps receiving, resuming with {@code after} after any disconnect. */
    void start();

    /** Closes the current connection abruptly, as a network would; the receiver resumes with {@code after}. */
    void drop();

    /**
     * Reads far slower than messages arrive, with a small socket receive buffer so that the server
     * feels it (push receivers; a poll has no queue to fill). Call before {@link #start}.
     */
    default void slowDown() {
    }

    /** Reads at full speed again, so that a slow receiver can catch up before loss is counted. */
    default void speedUp() {
    }

    /** Stops for good: no reconnect. */
    void close();
}
