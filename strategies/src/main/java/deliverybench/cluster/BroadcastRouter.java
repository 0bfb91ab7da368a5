package deliverybench.cluster;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Broadcast: every send goes to a channel that every gateway reads; nothing to keep per user. On one
 * Redis, one classic channel published by the append script. On a Redis Cluster, where a classic
 * publish is copied to every node over the cluster bus, {@link Keys#BROADCAST_PARTITIONS} sharded
 * channels (Centrifugo's partitioned broadcast): each gateway subscribes to all of them, each on its
 * slot's node, and publishes a user's notifications to the user's partition after the script. With
 * {@code classic} (serve --broadcast classic) the cluster too gets the one classic channel, published by the script and
 * read by each gateway on whichever node it subscribed: the cost the partitions avoid, kept so that it can be measured.
 */
final class BroadcastRouter implements Router {

    private final RedisLink link;
    private final Keys keys;
    private final long timeoutMs;
    private final boolean partitioned;

    BroadcastRouter(RedisLink link, Keys keys, long timeoutMs, boolean classic) {
        this.link = link;
        this.keys = keys;
        this.timeoutMs = timeoutMs;
        this.partitioned = link.cluster() && !classic;
    }

    @Override
    public void start() {
        Subscriptions.await(subscribeAll(), timeoutMs);
    }

    private CompletionStage<Void> subscribeAll() {
        if (!partitioned) {
            return link.subscribe(keys.broadcastChannel());
        }
        String[] partitions = new String[Keys.BROADCAST_PARTITIONS];
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = keys.broadcastPartition(p);
        }
        return link.ssubscribe(partitions);
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
    public String scriptRouting() {
        return partitioned ? "none" : Routing.BROADCAST.key();
    }

    @Override
    public boolean publishesAfterScript() {
        return partitioned;
    }

    @Override
    public void published(String note, List<Object> answer) {
        if (partitioned) {
            link.spublish(keys.broadcastChannelOf(userOf(note)), note);
        }
    }

    /** The user of a notification, {@code epoch \n user \n ...}. */
    static String userOf(String note) {
        int a = note.indexOf('\n');
        return note.substring(a + 1, note.indexOf('\n', a + 1));
    }

    @Override
    public void upkeep(List<UserFeed> active, long nowNanos) {
    }

    @Override
    public void withdraw(UserFeed feed) {
    }

    @Override
    public void resubscribe(Collection<UserFeed> feeds) {
        subscribeAll();
    }

    @Override
    public long entries(Collection<UserFeed> feeds) {
        return 0;
    }

    /** Waits for a subscription at start, where a gateway may block. */
    static final class Subscriptions {
        private Subscriptions() {
        }

        static void await(CompletionStage<Void> subscribed, long timeoutMs) {
            try {
                subscribed.toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while subscribing", e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("could not subscribe in Redis: " + e.getMessage(), e);
            }
        }
    }
}
