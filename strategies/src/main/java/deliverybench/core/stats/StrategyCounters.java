package deliverybench.core.stats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The contract's counters for one strategy. All but {@code openConnections} only grow. */
public final class StrategyCounters {

    public final LongAdder requests = new LongAdder();
    public final LongAdder emptyResponses = new LongAdder();
    /** Messages appended to an inbox by a send: booked under {@code send} only. */
    public final LongAdder messagesStored = new LongAdder();
    /** Messages written to a receiving client: booked under a strategy's key only. */
    public final LongAdder messagesWritten = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    /** Bytes as they crossed the socket under TLS (records, headers, tags); unused without TLS, where they equal the above. */
    public final LongAdder wireBytesIn = new LongAdder();
    public final LongAdder wireBytesOut = new LongAdder();
    public final LongAdder storeReads = new LongAdder();
    public final AtomicLong openConnections = new AtomicLong();
    public final LongAdder authRefused = new LongAdder();

    public long requests() {
        return requests.sum();
    }

    public long emptyResponses() {
        return emptyResponses.sum();
    }

    public long messagesStored() {
        return messagesStored.sum();
    }

    public long messagesWritten() {
        return messagesWritten.sum();
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

    public long authRefused() {
        return authRefused.sum();
    }
}
