package deliverybench.schedule;

import java.util.SplittableRandom;

/**
 * The open-loop schedule: when each message should be sent (as an offset from the start) and to
 * whom. The same seed gives the same schedule, so every strategy faces the same workload.
 */
public final class SendSchedule {

    private final double meanGapNs;
    private final Arrival arrival;
    private final int users;
    private final int fanout;
    private final SplittableRandom gaps;
    private final SplittableRandom recipients;
    private long index;
    private double offsetNs;

    public SendSchedule(double ratePerSecond, Arrival arrival, int users, long seed) {
        this(ratePerSecond, arrival, users, 1, seed);
    }

    /** @param fanout the recipients of each message, distinct users */
    public SendSchedule(double ratePerSecond, Arrival arrival, int users, int fanout, long seed) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
        }
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, was " + users);
        }
        if (fanout < 1 || fanout > users) {
            throw new IllegalArgumentException("fanout must be from 1 to the users (" + users + "), was " + fanout);
        }
        this.fanout = fanout;
        this.meanGapNs = 1e9 / ratePerSecond;
        this.arrival = arrival;
        this.users = users;
        this.gaps = new SplittableRandom(seed);
        this.recipients = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** The intended send time of the next message, in ns from the start of the schedule. */
    public long nextOffsetNs() {
        long offset;
        if (arrival == Arrival.CONSTANT) {
            // Computed from the index, not accumulated, so that rounding never drifts.
            offset = Math.round(index * meanGapNs);
        } else {
            offset = Math.round(offsetNs);
            offsetNs += -Math.log(1.0 - gaps.nextDouble()) * meanGapNs;
        }
        index++;
        return offset;
    }

    /** The recipient of the next message: a user index, uniformly at random. */
    public int nextRecipient() {
        return recipients.nextInt(users);
    }

    /** The recipients of the next message: {@code fanout} distinct user indexes, uniformly at random. */
    public int[] nextRecipients() {
        if (fanout == 1) {
            return new int[]{nextRecipient()};
        }
        int[] chosen = new int[fanout];
        java.util.BitSet taken = new java.util.BitSet(users);
        for (int i = 0; i < fanout; i++) {
            int user;
            do {
                user = recipients.nextInt(users);
            } while (taken.get(user));
            taken.set(user);
            chosen[i] = user;
        }
        return chosen;
    }
}
