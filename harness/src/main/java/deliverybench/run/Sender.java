package deliverybench.run;

/** Sends the run's messages, open loop: {@link #send} only queues, so the schedule never waits for the server. */
public interface Sender extends AutoCloseable {

    /** Queues a message for user {@code recipient}, intended at {@code intendedNs}; returns at once. */
    void send(int recipient, long intendedNs);

    /** Messages queued or on the wire, not yet answered. */
    long inFlight();

    @Override
    void close();
}
