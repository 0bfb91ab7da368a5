package deliverybench.strategy.xmpp;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One stream's XEP-0198 count, kept across a disconnect so that {@code <resume/>} can continue it, on
 * any gateway: it is written as a short record (see {@link #record}) whenever it changes in a way the
 * client's {@code h} alone cannot tell. Owned by one connection's I/O thread at a time.
 *
 * <p>The count maps to seqs by breakpoints: a breakpoint {h, seq} says that the first h stanzas carried
 * the messages up to seq, and that stanzas h+1, h+2, … carry seq+1, seq+2, … until the next breakpoint.
 * Seqs of one inbox grow by exactly 1, so pushes add none; a stanza that is not a message (an iq answer,
 * a refusal) or a gap in the seqs (retention) adds one.
 */
final class StreamState {

    final String id;
    final String user;
    final String resource;
    final long epoch;
    // Stanzas sent since enable (-1 when read from a record that the stream's gateway did not close), and
    // the count the client acknowledged last.
    long sentH;
    long ackedH;
    // The seq of the last message the client acknowledged: where a resumed stream starts.
    long ackedSeq;
    // Stanzas from the client handled (a send counts once it is stored or refused).
    long handledH;
    // {h, seq}, oldest first; never empty. The first is at or below ackedH.
    private final ArrayDeque<long[]> breakpoints = new ArrayDeque<>();
    // The client's stanzas counted and not yet handled, oldest first: true once handled.
    private final ArrayDeque<boolean[]> inbound = new ArrayDeque<>();
    // Whether a breakpoint or handledH changed since the record was last written.
    private boolean changed = true;

    StreamState(String id, String user, String resource, long epoch, long ackedSeq) {
        this.id = id;
        this.user = user;
        this.resource = resource;
        this.epoch = epoch;
        this.ackedSeq = ackedSeq;
        breakpoints.add(new long[] {0, ackedSeq});
    }

    /** A stanza was sent; {@code seq} for a pushed message, 0 for anything else. */
    void sent(long seq) {
        long[] last = breakpoints.peekLast();
        long previous = last[1] + (sentH - last[0]);
        sentH++;
        if (seq == 0) {
            breakAt(sentH, previous);
        } else if (seq != previous + 1) {
            breakAt(sentH, seq);
        }
    }

    private void breakAt(long h, long seq) {
        long[] last = breakpoints.peekLast();
        if (last[0] == h) {
            breakpoints.pollLast();
        }
        breakpoints.add(new long[] {h, seq});
        changed = true;
    }

    /** Counts a stanza from the client; the entry turns true once it is handled. */
    boolean[] counted() {
        boolean[] entry = new boolean[1];
        inbound.add(entry);
        return entry;
    }

    /** A counted stanza (or, null, none) is handled: the count moves over every handled one at the head. */
    void handled(boolean[] entry) {
        if (entry != null) {
            entry[0] = true;
        }
        boolean[] head;
        while ((head = inbound.peek()) != null && head[0]) {
            inbound.poll();
            handledH++;
            changed = true;
        }
    }

    /** The seq of the last message among the first h stanzas. */
    long seqAt(long h) {
        Iterator<long[]> newestFirst = breakpoints.descendingIterator();
        while (newestFirst.hasNext()) {
            long[] point = newestFirst.next();
            if (point[0] <= h) {
                return point[1] + (h - point[0]);
            }
        }
        return -1;
    }

    /** The client handled {@code h} stanzas; false when h goes back or beyond what was sent. */
    boolean acked(long h) {
        if (h < ackedH || sentH >= 0 && h > sentH || h < breakpoints.peekFirst()[0]) {
            return false;
        }
        ackedH = h;
        ackedSeq = Math.max(ackedSeq, seqAt(h));
        // Breakpoints wholly below the ack are no longer needed.
        while (breakpoints.size() > 1) {
            long[] first = breakpoints.pollFirst();
            if (breakpoints.peekFirst()[0] > h) {
                breakpoints.addFirst(first);
                break;
            }
        }
        return true;
    }

    /** Resumed with the client's {@code h}: what it acknowledged counts, the rest is sent again after ackedSeq. */
    boolean resume(long h) {
        if (!acked(h)) {
            return false;
        }
        breakpoints.clear();
        breakpoints.add(new long[] {h, ackedSeq});
        sentH = h;
        changed = true;
        return true;
    }

    /** Whether the record should be written again, and from now on not, until the next change. */
    boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    /**
     * The record: {@code resource epoch handledH sentH ackedH h:seq,h:seq…}; sentH is written as -1 unless
     * {@code closed} (while the stream runs, the record is not rewritten for each message sent).
     */
    String record(boolean closed) {
        StringBuilder out = new StringBuilder(64).append(resource).append(' ').append(epoch).append(' ')
                .append(handledH).append(' ').append(closed ? sentH : -1).append(' ').append(ackedH).append(' ');
        for (long[] point : breakpoints) {
            out.append(point[0]).append(':').append(point[1]).append(',');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** A state read back from its record, or null when the record does not parse. */
    static StreamState fromRecord(String id, String user, String record) {
        String[] fields = record == null ? new String[0] : record.split(" ", -1);
        if (fields.length != 6) {
            return null;
        }
        try {
            StreamState state = new StreamState(id, user, fields[0], Long.parseLong(fields[1]), 0);
            state.handledH = Long.parseLong(fields[2]);
            state.sentH = Long.parseLong(fields[3]);
            state.ackedH = Long.parseLong(fields[4]);
            state.breakpoints.clear();
            for (String point : fields[5].split(",")) {
                int colon = point.indexOf(':');
                state.breakpoints.add(new long[] {Long.parseLong(point.substring(0, colon)),
                        Long.parseLong(point.substring(colon + 1))});
            }
            state.ackedSeq = state.seqAt(state.ackedH);
            return state.breakpoints.isEmpty() || state.ackedSeq < 0 ? null : state;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
