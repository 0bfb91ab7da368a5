package deliverybench.cluster;

import java.security.SecureRandom;

/**
 * The store's epoch as Redis holds it. Every script proposes a candidate for when Redis lost the key
 * and returns the epoch in force; a change means Redis lost its data, and every subscriber's place
 * with it.
 */
final class EpochWatch {

    private final SecureRandom random = new SecureRandom();
    private final long maxEpoch;
    private final Runnable onChange;
    private volatile long candidate;
    private volatile long epoch;

    /** @param onChange run when Redis names another epoch than the one seen before */
    EpochWatch(long maxEpoch, Runnable onChange) {
        this.maxEpoch = maxEpoch;
        this.onChange = onChange;
        this.candidate = fresh();
    }

    private long fresh() {
        long proposed;
        do {
            proposed = random.nextLong() & maxEpoch;
        } while (proposed == 0);
        return proposed;
    }

    /** What this gateway proposes when Redis holds no epoch. */
    String candidate() {
        return Long.toString(candidate);
    }

    long current() {
        return epoch;
    }

    /** A script's answer named {@code value} as the epoch in force. */
    synchronized void observe(Object value) {
        long seen = Long.parseLong(String.valueOf(value));
        long before = epoch;
        if (seen == before) {
            return;
        }
        if (seen == candidate) {
            // Ours was taken: a later loss must be named by another, or clients of this epoch would not be told.
            candidate = fresh();
        }
        epoch = seen;
        if (before != 0) {
            onChange.run();
        }
    }
}
