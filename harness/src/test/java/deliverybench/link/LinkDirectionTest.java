package deliverybench.link;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The link's arithmetic on scripted time: delay, serialisation, the loss stall and what waits behind it. */
class LinkDirectionTest {

    private static final long MS = 1_000_000L;

    /** Answers nextDouble from a script (a loss when below the link's loss), and no jitter. */
    private static RandomGenerator scripted(Double... doubles) {
        ArrayDeque<Double> script = new ArrayDeque<>(List.of(doubles));
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return script.isEmpty() ? 0.99 : script.poll();
            }

            @Override
            public long nextLong(long origin, long bound) {
                return 0;
            }
        };
    }

    @Test
    void aChunkArrivesOneWayLater() {
        LinkDirection link = new LinkDirection(0, 35 * MS, 0, 0, 70 * MS, scripted());
        assertEquals(1_000 * MS + 35 * MS, link.arrivalNs(1_000 * MS, 100));
        assertEquals(2_000 * MS + 35 * MS, link.arrivalNs(2_000 * MS, 100));
    }

    @Test
    void bytesLeaveAtTheLinksRateAndQueueBehindEachOther() {
        // 1 Mbit/s: 125,000 bytes take one second to leave; the next chunk starts when they have.
        LinkDirection link = new LinkDirection(1_000_000, 10 * MS, 0, 0, 20 * MS, scripted());
        assertEquals(1_000 * MS + 10 * MS, link.arrivalNs(0, 125_000));
        assertEquals(1_000 * MS + 1 * MS + 10 * MS, link.arrivalNs(0, 125));
        // Once the queue has drained, a chunk leaves when it is read.
        assertEquals(5_000 * MS + 1 * MS + 10 * MS, link.arrivalNs(5_000 * MS, 125));
    }

    @Test
    void aLostSegmentStallsItsChunkOneRtoAndEverythingBehindWaits() {
        // The first segment is lost (0.0 < 1%), the rest are not.
        LinkDirection link = new LinkDirection(0, 35 * MS, 0, 0.01, 70 * MS, scripted(0.0));
        long lostArrives = link.arrivalNs(0, 100);
        assertEquals(35 * MS + LinkDirection.RTO_MIN_NS, lostArrives);
        assertEquals(1, link.stalls());
        // A chunk read 50 ms later is not lost, yet it cannot overtake: head-of-line blocking.
        assertEquals(lostArrives, link.arrivalNs(50 * MS, 100));
        // Once the stall is over, chunks are on time again.
        assertEquals(400 * MS + 35 * MS, link.arrivalNs(400 * MS, 100));
    }

    @Test
    void lossIsCountedPerSegment() {
        // 3 segments of 1460 bytes; the second is lost: one RTO.
        LinkDirection link = new LinkDirection(0, 0, 0, 0.5, 0, scripted(0.9, 0.1, 0.9));
        assertEquals(LinkDirection.RTO_MIN_NS, link.arrivalNs(0, 3 * LinkDirection.MSS_BYTES));
        assertEquals(1, link.stalls());
    }

    @Test
    void theRtoFollowsALongRoundTrip() {
        LinkDirection satellite = new LinkDirection(0, 300 * MS, 10 * MS, 0.01, 600 * MS, scripted());
        assertEquals(640 * MS, satellite.rtoNs());
    }

    @Test
    void jitterNeverReordersBytes() {
        LinkDirection link = new LinkDirection(0, 30 * MS, 20 * MS, 0, 60 * MS, new java.util.SplittableRandom(7));
        long last = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long at = link.arrivalNs(i * 100_000L, 64);
            assertTrue(at >= last, "chunk " + i + " overtook the one before it");
            assertTrue(at >= i * 100_000L + 10 * MS && at <= Math.max(last, i * 100_000L + 50 * MS));
            last = at;
        }
    }

    @Test
    void profilesParse() {
        LinkProfile custom = LinkProfile.parse("rtt=80ms,jitter=10ms,down=10mbit,up=2mbit,loss=0.5%");
        assertEquals(80 * MS, custom.rttNs());
        assertEquals(10_000_000, custom.downBitsPerSecond());
        assertEquals(2_000_000, custom.upBitsPerSecond());
        assertEquals(0.005, custom.loss(), 1e-12);
        assertEquals(LinkProfile.PRESETS.get("lte"), LinkProfile.parse("LTE"));
        for (String bad : List.of("moon", "rtt=fast", "down=10mb", "loss=100%", "colour=red", "rtt")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> LinkProfile.parse(bad), bad);
        }
        assertTrue(LinkProfile.parse("loopback").up(new java.util.SplittableRandom(1)).transparent());
    }
}
