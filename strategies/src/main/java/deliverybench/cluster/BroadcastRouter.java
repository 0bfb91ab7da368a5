package deliverybench.cluster;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Broadcast: every send goes to one channel that every gateway reads; nothing to keep per user. */
final class BroadcastRouter implements Router {

    private final RedisLink link;
    private final Keys keys;
    private final long timeoutMs;

    BroadcastRouter(RedisLink link, Keys keys, long timeoutMs) {
        this.link = link;
        this.keys = keys;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void start() {
        Subscriptions.await(link.subscriptions().subscribe(keys.broadcastChannel()), timeoutMs);
    }

    @Override
    public CompletionStage<Void> route(UserFeed feed) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String publishChannel(String user) {
        return keys.broadcastChannel();
    }

    @Override
    public void upkeep(List<UserFeed> active, long nowNanos) {
    }

    @Override
    public void withdraw(UserFeed feed) {
    }

    @Override
    public void resubscribe(Collection<UserFeed> feeds) {
        link.subscriptions().subscribe(keys.broadcastChannel());
    }

    @Override
    public long entries(Collection<UserFeed> feeds) {
        return 0;
    }

    /** Waits for a subscription at start, where a gateway may block. */
    static final class Subscriptions {
        private Subscriptions() {
        }

        static void await(io.lettuce.core.RedisFuture<Void> subscribed, long timeoutMs) {
            try {
                subscribed.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while subscribing", e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("could not subscribe in Redis: " + e.getMessage(), e);
            }
        }
    }
}
