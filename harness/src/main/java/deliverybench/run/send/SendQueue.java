package deliverybench.run.send;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A sender's bookkeeping: the sends waiting for a connection (the backlog) and those not yet answered (in flight,
 * waiting included), shared by the senders so that both count alike.
 */
final class SendQueue<T> {

    private final ConcurrentLinkedQueue<T> waiting = new ConcurrentLinkedQueue<>();
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder queued = new LongAdder();

    /** A send the pacer hands over: waiting, and in flight until answered. */
    void add(T send) {
        waiting.add(send);
        inFlight.increment();
        queued.increment();
    }

    /** The next waiting send, taken by a connection, or null when none waits. */
    T take() {
        T next = waiting.poll();
        if (next != null) {
            queued.decrement();
        }
        return next;
    }

    /** That many sends taken are done: answered, refused or failed. */
    void done(int sends) {
        inFlight.add(-sends);
    }

    long inFlight() {
        return inFlight.sum();
    }

    long backlog() {
        return queued.sum();
    }
}
