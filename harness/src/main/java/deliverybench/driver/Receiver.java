package deliverybench.driver;

/** One device's receiving connection for one strategy: it moves bytes and hands messages to {@link Inbound}. */
public interface Receiver {

    /** Connects (without blocking) and keeps receiving, resuming with {@code after} after any disconnect. */
    void start();

    /** Closes the current connection abruptly, as a network would; the receiver resumes with {@code after}. */
    void drop();

    /** Stops for good: no reconnect. */
    void close();
}
