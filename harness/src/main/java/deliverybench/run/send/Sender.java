package deliverybench.run.send;

import org.HdrHistogram.Histogram;

/** Sends the run's messages, open loop: {@link #send} only queues, so the schedule never waits for the server. */
public interface Sender extends AutoCloseable {

    /** Queues a message for users {@code recipients} (one, or a fan-out), intended at {@code intendedNs}; returns at once. */
    void send(int[] recipients, long intendedNs);

    /** Messages queued or on the wire, not yet answered. */
    long inFlight();

    /** Messages queued in the driver, not yet on a connection: what the driver owes the schedule. */
    long backlog();

    /** Pacer to I/O thread, queued to taken by a connection, since the last call (ns); null when not timed. */
    default Histogram intervalHandoffNs() {
        return null;
    }

    /** Taken to written on the connection, since the last call (ns); null when not timed. */
    default Histogram intervalWriteNs() {
        return null;
    }

    /** Takes no more messages off the queue: what is still queued is never sent. */
    void stopSending();

    @Override
    void close();
}
