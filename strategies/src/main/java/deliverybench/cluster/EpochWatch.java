package deliverybench.cluster;

import java.security.SecureRandom;

/**
 * The store's epoch as Redis holds it. Every script proposes a candidate for when Redis lost the key
 * and returns the epoch in force; a change means Redis lost its data, and every subscriber's place
 * with it.
 */
final class EpochWatch {

    private final long candidate;
    private final Runnable onChange;
    private volatile long epoch;

    /** @param onChange run when Redis names another epoch than the one seen before */
    EpochWatch(long maxEpoch, Runnable onChange) {
        SecureRandom random = new SecureRandom();
        long proposed;
        do {
            proposed = random.nextLong() & maxEpoch;
        } while (proposed == 0);
        this.candidate = proposed;
        this.onChange = onChange;
    }

    /** What this gateway proposes when Redis holds no epoch. */
    String candidate() {
        return Long.toString(candidate);
    }

    long current() {
        return epoch;
    }

    /** A script's answer named {@code value} as the epoch in force. */
    void observe(Object value) {
        long seen = Long.parseLong(String.valueOf(value));
        long before = epoch;
        if (seen == before) {
            return;
        }
        epoch = seen;
        if (before != 0) {
            onChange.run();
        }
    }
}
