package deliverybench.strategy;

/**
 * The network between the devices and the server, as the theory counts it (RFC 6202): one transit from the
 * sender up to the server, one from the server down to a receiver, the links' jitter and one retransmission
 * timeout. All zero on loopback, where the measured floor stands for them.
 *
 * @param upUs     the sender's one-way delay to the server
 * @param downUs   the server's one-way delay to a receiver
 * @param jitterUs how far a round trip's delay may stray either way
 * @param rtoUs    one retransmission timeout (a lost segment's stall); 0 when the links lose nothing
 */
public record Transits(double upUs, double downUs, double jitterUs, double rtoUs) {

    public static final Transits NONE = new Transits(0, 0, 0, 0);

    /** Whether there is an emulated network to count at all. */
    public boolean any() {
        return !equals(NONE);
    }

    /** A push's delivery: one transit up, one down. */
    public double pushUs() {
        return upUs + downUs;
    }
}
