package deliverybench.strategy.xmpp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The count-to-seq map of XEP-0198 and its record: what another gateway reads back must map every h the same. */
class StreamStateTest {

    /** Stanzas 1-3 carry seqs 1-3, 4 is an iq answer, 5-6 carry 4-5, then retention skips to seq 20 (7-8: 20-21). */
    private static StreamState played() {
        StreamState state = new StreamState("s1", "u", "phone", 7, 0);
        for (long seq : new long[] {1, 2, 3, 0, 4, 5, 20, 21}) {
            state.sent(seq);
        }
        return state;
    }

    private static final long[][] H_TO_SEQ = {{0, 0}, {1, 1}, {3, 3}, {4, 3}, {5, 4}, {6, 5}, {7, 20}, {8, 21}};

    @Test
    void mapsEveryCountToTheLastMessageAmongIt() {
        StreamState state = played();
        for (long[] row : H_TO_SEQ) {
            assertEquals(row[1], state.seqAt(row[0]), "h=" + row[0]);
        }
    }

    @Test
    void aRecordReadBackMapsTheSameAndKnowsSentOnlyWhenClosed() {
        StreamState state = played();
        state.handled(state.counted());
        StreamState running = StreamState.fromRecord("s1", "u", state.record(false));
        for (long[] row : H_TO_SEQ) {
            assertEquals(row[1], running.seqAt(row[0]), "h=" + row[0]);
        }
        assertEquals("phone", running.resource);
        assertEquals(7, running.epoch);
        assertEquals(1, running.handledH);
        // Written while the stream ran, the record cannot tell how many were sent: any h beyond is taken.
        assertTrue(running.resume(9));
        StreamState closed = StreamState.fromRecord("s1", "u", state.record(true));
        assertFalse(closed.resume(9));
        assertTrue(closed.resume(8));
        assertEquals(21, closed.ackedSeq);
    }

    @Test
    void anAckDropsBreakpointsBelowItAndRefusesToGoBack() {
        StreamState state = played();
        assertTrue(state.acked(6));
        assertEquals(5, state.ackedSeq);
        assertFalse(state.acked(5));
        assertEquals("phone 7 0 -1 6 4:3,7:20", state.record(false));
        assertTrue(state.acked(8));
        assertEquals(21, state.ackedSeq);
    }

    @Test
    void aBadRecordIsNoState() {
        assertNull(StreamState.fromRecord("s1", "u", "phone 7 0 -1"));
        assertNull(StreamState.fromRecord("s1", "u", "phone x 0 -1 0 0:0"));
        assertNull(StreamState.fromRecord("s1", "u", null));
    }
}
