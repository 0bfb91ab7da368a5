package deliverybench.run.send;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;

/**
 * A sender's bookkeeping: the sends waiting for a connection (the backlog) and those not yet answered (in flight,
 * waiting included), shared by the senders so that both count alike.
 */
final class SendQueue<T> {

    private final ConcurrentLinkedQueue<T> waiting = new ConcurrentLinkedQueue<>();
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private final Recorder handoffNs = new Recorder(3);
    private final Recorder writeNs = new Recorder(3);
    private int nextLane;

    /**
     * The lane to wake for a send just added, round robin over those with room, or -1 when none has: called from the
     * pacer's thread only. Waking one lane rather than all keeps a send to one task on one I/O thread.
     */
    int laneWithRoom(int lanes, IntPredicate hasRoom) {
        for (int i = 0; i < lanes; i++) {
            int lane = (nextLane + i) % lanes;
            if (hasRoom.test(lane)) {
                nextLane = (lane + 1) % lanes;
                return lane;
            }
        }
        return -1;
    }

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

    /** A send taken at {@code takenNs} (queued at {@code queuedNs}) was handed to its connection by {@code writtenNs}. */
    void written(long queuedNs, long takenNs, long writtenNs) {
        handoffNs.recordValue(Math.max(0, takenNs - queuedNs));
        writeNs.recordValue(Math.max(0, writtenNs - takenNs));
    }

    /** Pacer to I/O thread: from queued to taken by a connection, since the last call (ns). */
    Histogram intervalHandoffNs() {
        return handoffNs.getIntervalHistogram();
    }

    /** Taken to written: encoding and the connection's write call, since the last call (ns). */
    Histogram intervalWriteNs() {
        return writeNs.getIntervalHistogram();
    }

    long inFlight() {
        return inFlight.sum();
    }

    long backlog() {
        return queued.sum();
    }
}
