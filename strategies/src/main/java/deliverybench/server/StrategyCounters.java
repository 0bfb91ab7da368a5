package deliverybench.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The contract's counters for one strategy. All but {@code openConnections} only grow. */
public final class StrategyCounters {

    final LongAdder requests = new LongAdder();
    final LongAdder emptyResponses = new LongAdder();
    final LongAdder messagesDelivered = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder storeReads = new LongAdder();
    final AtomicLong openConnections = new AtomicLong();

    public long requests() {
        return requests.sum();
    }

    public long emptyResponses() {
        return emptyResponses.sum();
    }

    public long messagesDelivered() {
        return messagesDelivered.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long storeReads() {
        return storeReads.sum();
    }

    public long openConnections() {
        return openConnections.get();
    }
}
