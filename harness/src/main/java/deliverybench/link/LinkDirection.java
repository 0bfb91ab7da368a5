package deliverybench.link;

import java.util.random.RandomGenerator;

/**
 * One direction of an emulated link as arithmetic on time: when a chunk read at {@code nowNs} arrives at the
 * far end, after serialisation at the link's rate, a one-way delay with jitter and, for each lost MSS-sized
 * segment, one retransmission timeout. Bytes stay in order: a chunk never arrives before the one ahead of it,
 * so a stall holds everything behind it (head-of-line blocking). Reads no clock; the caller passes the time.
 */
public final class LinkDirection {

    /** TCP's segment on Ethernet: the unit a loss takes away. */
    public static final int MSS_BYTES = 1460;
    /** Linux's RTO_min: no retransmission timeout is shorter. */
    public static final long RTO_MIN_NS = 200_000_000L;

    private final long bitsPerSecond;
    private final long oneWayNs;
    private final long jitterNs;
    private final double loss;
    private final long rtoNs;
    private final RandomGenerator random;
    private long sendingFreeNs = Long.MIN_VALUE;
    private long lastArrivalNs = Long.MIN_VALUE;
    private long stalls;

    /**
     * @param bitsPerSecond the rate bytes leave at; 0 for no limit
     * @param rttNs         the round trip the RTO is derived from (as Linux: at least 200 ms)
     */
    public LinkDirection(long bitsPerSecond, long oneWayNs, long jitterNs, double loss, long rttNs,
                         RandomGenerator random) {
        this.bitsPerSecond = bitsPerSecond;
        this.oneWayNs = oneWayNs;
        this.jitterNs = jitterNs;
        this.loss = loss;
        this.rtoNs = Math.max(RTO_MIN_NS, rttNs + 4 * jitterNs);
        this.random = random;
    }

    /** Delivers nothing late: no delay, no limit, no loss (the layer's own cost is all that is left). */
    public boolean transparent() {
        return bitsPerSecond == 0 && oneWayNs == 0 && jitterNs == 0 && loss == 0;
    }

    /** When the last byte of {@code bytes} read at {@code nowNs} reaches the far end (0 bytes: a FIN). */
    public long arrivalNs(long nowNs, int bytes) {
        long start = sendingFreeNs == Long.MIN_VALUE ? nowNs : Math.max(nowNs, sendingFreeNs);
        long sentNs = start + (bitsPerSecond == 0 ? 0 : (long) (bytes * 8 * 1e9 / bitsPerSecond));
        sendingFreeNs = sentNs;
        long delay = oneWayNs;
        if (jitterNs > 0) {
            delay = Math.max(0, delay + random.nextLong(-jitterNs, jitterNs + 1));
        }
        long arrival = sentNs + delay + lostSegments(bytes) * rtoNs;
        if (lastArrivalNs != Long.MIN_VALUE && arrival < lastArrivalNs) {
            arrival = lastArrivalNs;
        }
        lastArrivalNs = arrival;
        return arrival;
    }

    private int lostSegments(int bytes) {
        if (loss <= 0) {
            return 0;
        }
        int lost = 0;
        for (int segments = Math.max(1, (bytes + MSS_BYTES - 1) / MSS_BYTES); segments > 0; segments--) {
            if (random.nextDouble() < loss) {
                lost++;
            }
        }
        stalls += lost;
        return lost;
    }

    /** Segments lost so far (each one RTO's stall). */
    public long stalls() {
        return stalls;
    }

    public long rtoNs() {
        return rtoNs;
    }
}
