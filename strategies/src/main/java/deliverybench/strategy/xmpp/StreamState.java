package deliverybench.strategy.xmpp;

import java.util.ArrayDeque;

/**
 * One stream's XEP-0198 count, kept across a disconnect so that {@code <resume/>} can continue it:
 * which seq each unacknowledged pushed message carried, and how many of the client's stanzas were handled.
 * Owned by one connection's I/O thread at a time (handed over through {@link Resumes}).
 */
final class StreamState {

    final String id;
    final String user;
    final String resource;
    final long epoch;
    // Stanzas sent since enable, and the count the client acknowledged last.
    long sentH;
    long ackedH;
    // The seq of the last message the client acknowledged: where a resumed stream starts.
    long ackedSeq;
    // Stanzas from the client handled (a send counts once it is stored or refused).
    long handledH;
    // {h, seq} of each pushed message the client has not acknowledged yet, oldest first.
    final ArrayDeque<long[]> unacked = new ArrayDeque<>();

    StreamState(String id, String user, String resource, long epoch, long ackedSeq) {
        this.id = id;
        this.user = user;
        this.resource = resource;
        this.epoch = epoch;
        this.ackedSeq = ackedSeq;
    }

    /** A stanza was sent; {@code seq} for a pushed message, 0 for anything else. */
    void sent(long seq) {
        sentH++;
        if (seq > 0) {
            unacked.add(new long[] {sentH, seq});
        }
    }

    /** The client handled {@code h} stanzas; false when h goes back or beyond what was sent. */
    boolean acked(long h) {
        if (h < ackedH || h > sentH) {
            return false;
        }
        ackedH = h;
        long[] head;
        while ((head = unacked.peek()) != null && head[0] <= h) {
            ackedSeq = Math.max(ackedSeq, head[1]);
            unacked.poll();
        }
        return true;
    }

    /** Resumed with the client's {@code h}: what it acknowledged counts, the rest is sent again from ackedSeq. */
    boolean resume(long h) {
        if (!acked(h)) {
            return false;
        }
        unacked.clear();
        sentH = h;
        return true;
    }
}
