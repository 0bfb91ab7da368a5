package deliverybench.cluster;

import deliverybench.store.InMemoryMessageStore;

/**
 * The store's epoch as Redis holds it. Every script proposes a candidate for when Redis lost the key
 * and returns the epoch in force; a change means Redis lost its data, and every subscriber's place
 * with it.
 */
final class EpochWatch {

    private final Runnable onChange;
    private volatile long candidate;
    private volatile long epoch;

    /** @param onChange run when Redis names another epoch than the one seen before */
    EpochWatch(Runnable onChange) {
        this.onChange = onChange;
        this.candidate = InMemoryMessageStore.randomEpoch();
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
            candidate = InMemoryMessageStore.randomEpoch();
        }
        epoch = seen;
        if (before != 0) {
            onChange.run();
        }
    }
}
