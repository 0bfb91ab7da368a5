package deliverybench.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One inbox per user, seq from 1 growing by exactly 1, with bounded retention and wake-ups.
 *
 * <p>Every operation that may touch another process answers with a {@link CompletionStage}, so that
 * no I/O thread waits on a store: the in-memory store completes at once, on the caller's thread; a
 * store in Redis completes on its client's thread, and the caller moves back to its own. A stage
 * that fails means the store could not be reached: nothing was stored, nothing was read.
 */
public interface MessageStore {

    /** The default number of newest messages each inbox keeps. */
    int DEFAULT_RETENTION = 10_000;

    /** The largest epoch: 2^53 - 1, so that a JavaScript client holds it exactly. */
    long MAX_EPOCH = (1L << 53) - 1;

    /** Appends a message to the recipient's inbox, wakes its subscribers, and completes with its seq once stored. */
    CompletionStage<Long> append(String to, String from, String body);

    /**
     * Appends one copy of a message to each recipient's inbox ("write fan-out") and completes with
     * their seqs in the order given. A store that can do it in one round trip should.
     */
    default CompletionStage<long[]> appendAll(List<String> to, String from, String body) {
        List<CompletableFuture<Long>> each = new ArrayList<>(to.size());
        for (String user : to) {
            each.add(append(user, from, body).toCompletableFuture());
        }
        return CompletableFuture.allOf(each.toArray(new CompletableFuture[0])).thenApply(done -> {
            long[] seqs = new long[each.size()];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = each.get(i).join();
            }
            return seqs;
        });
    }

    /** Reads up to {@code limit} messages newer than {@code after}. Counts one store read. */
    CompletionStage<ReadResult> read(String user, long after, int limit);

    /**
     * Reads like {@link #read} and, only when nothing newer than {@code after} is held, registers a
     * subscriber in the same atomic step, so that no message can slip between the read and the
     * registration. This is what a held long poll uses. Counts one store read.
     */
    CompletionStage<ReadResult> readOrWait(String user, long after, int limit, Subscriber waiter);

    /**
     * Reads like {@link #read} and, when the read reached the newest message (fewer than
     * {@code limit} returned), registers the subscriber for every message after those in the same
     * atomic step. This is what a push connection uses to catch up and then follow. Counts one
     * store read.
     *
     * <p>For both registering reads: the subscriber is handed messages only after the read's stage
     * has completed, each newer than the last the read returned, in seq order and without a gap.
     */
    CompletionStage<ReadResult> readAndFollow(String user, long after, int limit, Subscriber subscriber);

    /** Removes a subscriber; a no-op when it is not registered. */
    void unsubscribe(String user, Subscriber subscriber);

    /** Where the user's inbox stands: its oldest and highest seq. Not counted as a read. */
    CompletionStage<InboxPosition> position(String user);

    /**
     * Names this store's seq space: seqs of one epoch continue each other, and a store that lost its
     * inboxes (an in-memory store after a restart) has a new epoch, so that a client that resumes
     * with the old one is told instead of skipping what the new inbox holds. From 1 to
     * {@link #MAX_EPOCH}, never 0.
     */
    long epoch();

    /**
     * The epoch of the user's inbox: the store's, except where a store keeps several (a Redis Cluster
     * keeps one per slot, so that a shard that lost its data renames only its own users' seq space).
     * Known without waiting.
     */
    default long epoch(String user) {
        return epoch();
    }

    /**
     * Where resumable streams keep their records when this store is shared by several gateways (Redis);
     * empty when it is this process's alone, and then a strategy keeps them in its own memory.
     */
    default Optional<StreamRecords> sharedStreamRecords() {
        return Optional.empty();
    }

    /** How many reads the store has served since it started. */
    long storeReads();

    /** How many subscribers are registered in all inboxes now. */
    long subscribers();
}
