package deliverybench.store;

import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The default store: every inbox in this process's memory, each behind its own lock; every stage completes at once. */
public final class InMemoryMessageStore implements MessageStore {

    private final ConcurrentHashMap<String, Inbox> inboxes = new ConcurrentHashMap<>();
    private final LongAdder reads = new LongAdder();
    private final int retention;
    private final long epoch;

    /** A store with a fresh random epoch: what it holds lives and dies with this process. */
    public InMemoryMessageStore(int retention) {
        this(retention, randomEpoch());
    }

    public InMemoryMessageStore(int retention, long epoch) {
        if (retention < 1) {
            throw new IllegalArgumentException("retention must be at least 1, was " + retention);
        }
        if (epoch < 1 || epoch > MAX_EPOCH) {
            throw new IllegalArgumentException("epoch must be from 1 to " + MAX_EPOCH + ", was " + epoch);
        }
        this.retention = retention;
        this.epoch = epoch;
    }

    public InMemoryMessageStore() {
        this(DEFAULT_RETENTION);
    }

    /** A random epoch from 1 to {@link #MAX_EPOCH}: two restarts share one with chance 2^-53. */
    public static long randomEpoch() {
        SecureRandom random = new SecureRandom();
        long epoch;
        do {
            epoch = random.nextLong() & MAX_EPOCH;
        } while (epoch == 0);
        return epoch;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public CompletionStage<InboxPosition> position(String user) {
        Inbox inbox = inboxes.get(user);
        return CompletableFuture.completedFuture(inbox == null ? new InboxPosition(1, 0) : inbox.position());
    }

    @Override
    public CompletionStage<Long> append(String to, String from, String body) {
        return CompletableFuture.completedFuture(inbox(to).append(from, body).seq());
    }

    @Override
    public CompletionStage<ReadResult> read(String user, long after, int limit) {
        return read(user, after, limit, null, Inbox.SubscribeMode.NEVER);
    }

    @Override
    public CompletionStage<ReadResult> readOrWait(String user, long after, int limit, Subscriber waiter) {
        return read(user, after, limit, waiter, Inbox.SubscribeMode.WHEN_EMPTY);
    }

    @Override
    public CompletionStage<ReadResult> readAndFollow(String user, long after, int limit, Subscriber subscriber) {
        return read(user, after, limit, subscriber, Inbox.SubscribeMode.WHEN_CAUGHT_UP);
    }

    @Override
    public void unsubscribe(String user, Subscriber subscriber) {
        Inbox inbox = inboxes.get(user);
        if (inbox != null) {
            inbox.unsubscribe(subscriber);
        }
    }

    @Override
    public long storeReads() {
        return reads.sum();
    }

    @Override
    public long subscribers() {
        long total = 0;
        for (Inbox inbox : inboxes.values()) {
            total += inbox.subscriberCount();
        }
        return total;
    }

    private CompletionStage<ReadResult> read(String user, long after, int limit, Subscriber subscriber,
                                             Inbox.SubscribeMode mode) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        reads.increment();
        return CompletableFuture.completedFuture(inbox(user).read(after, limit, subscriber, mode));
    }

    private Inbox inbox(String user) {
        return inboxes.computeIfAbsent(user, u -> new Inbox(retention));
    }
}
