package deliverybench.driver;

/** One device's receiving connection for one strategy: it moves bytes and hands messages to {@link Inbound}. */
public interface Receiver {

    /** Connects (without blocking) and keeps receiving, resuming with {@code after} after any disconnect. */
    void start();

    /** Stops for good: no reconnect. */
    void close();
}
