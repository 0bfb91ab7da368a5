package deliverybench.cluster;

import deliverybench.store.InMemoryMessageStore;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * The store's epochs as Redis holds them: one on one Redis, one per slot on a Redis Cluster. Every
 * script proposes a candidate for when Redis lost the key and returns the epoch in force; a change
 * means Redis (or the shard serving that slot) lost its data, and every subscriber's place in it.
 */
final class EpochWatch {

    private final IntConsumer onChange;
    private final AtomicLongArray epochs;
    private volatile long candidate;

    /** @param onChange run with the epoch's index when Redis names another epoch than the one seen before */
    EpochWatch(int count, IntConsumer onChange) {
        this.onChange = onChange;
        this.epochs = new AtomicLongArray(count);
        this.candidate = InMemoryMessageStore.randomEpoch();
    }

    /** What this gateway proposes when Redis holds no epoch. */
    String candidate() {
        return Long.toString(candidate);
    }

    long current(int index) {
        return epochs.get(index);
    }

    /** A script's answer named {@code value} as epoch {@code index} in force. */
    synchronized void observe(int index, Object value) {
        long seen = Long.parseLong(String.valueOf(value));
        long before = epochs.get(index);
        if (seen == before) {
            return;
        }
        if (seen == candidate) {
            // Ours was taken: a later loss must be named by another, or clients of this epoch would not be told.
            candidate = InMemoryMessageStore.randomEpoch();
        }
        epochs.set(index, seen);
        if (before != 0) {
            onChange.accept(index);
        }
    }
}
