package deliverybench.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Map: Redis keeps, per user, the gateways holding one of its connections, each entry expiring unless
 * the gateway refreshes it (a heartbeat); a send publishes only to those gateways' channels. A dead
 * gateway's entries expire on their own. The upkeep is one refresh per held user per heartbeat.
 */
final class MapRouter implements Router {

    /** How often each held user's entry is refreshed. */
    static final long HEARTBEAT_MS = 5_000;
    /** How long an entry lives without a refresh: three heartbeats missed and it is gone. */
    static final long TTL_MS = 3 * HEARTBEAT_MS;
    private static final int BATCH = 256;
    private static final RedisLink.Script PRESENT = new RedisLink.Script(InboxScripts.PRESENT);
    private static final RedisLink.Script ABSENT = new RedisLink.Script(InboxScripts.ABSENT);

    private final RedisLink link;
    private final Keys keys;
    private final String gatewayId;
    private final EpochWatch epoch;
    private final long timeoutMs;

    MapRouter(RedisLink link, Keys keys, String gatewayId, EpochWatch epoch, long timeoutMs) {
        this.link = link;
        this.keys = keys;
        this.gatewayId = gatewayId;
        this.epoch = epoch;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void start() {
        BroadcastRouter.Subscriptions.await(link.subscriptions().subscribe(channel()), timeoutMs);
    }

    private String channel() {
        return keys.gatewayChannelPrefix() + gatewayId;
    }

    @Override
    public CompletionStage<Void> route(UserFeed feed) {
        long now = System.nanoTime();
        synchronized (feed) {
            // Fresh enough: the entry outlives this read by at least two heartbeats.
            if (feed.routed() && now - feed.routedAtNanos < TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MS)) {
                return feed.route;
            }
            feed.routedAtNanos = now;
            feed.route = present(List.of(feed));
            return feed.route;
        }
    }

    @Override
    public String publishChannel(String user) {
        return keys.gatewayChannelPrefix();
    }

    @Override
    public void upkeep(List<UserFeed> active, long nowNanos) {
        List<UserFeed> due = new ArrayList<>();
        long heartbeatNs = TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MS);
        for (UserFeed feed : active) {
            synchronized (feed) {
                if (nowNanos - feed.routedAtNanos >= heartbeatNs) {
                    feed.routedAtNanos = nowNanos;
                    due.add(feed);
                }
            }
        }
        for (int from = 0; from < due.size(); from += BATCH) {
            List<UserFeed> batch = due.subList(from, Math.min(due.size(), from + BATCH));
            CompletableFuture<Void> refreshed = present(batch);
            for (UserFeed feed : batch) {
                synchronized (feed) {
                    feed.route = refreshed;
                }
            }
        }
    }

    @Override
    public void withdraw(UserFeed feed) {
        link.script(ABSENT, new String[] {keys.presence(feed.user)}, gatewayId);
    }

    /** Writes this gateway into the users' entries; users whose entry had lapsed re-read what they may have missed. */
    private CompletableFuture<Void> present(List<UserFeed> feeds) {
        String[] keyNames = new String[feeds.size() + 1];
        keyNames[0] = keys.epoch();
        for (int i = 0; i < feeds.size(); i++) {
            keyNames[i + 1] = keys.presence(feeds.get(i).user);
        }
        List<UserFeed> batch = List.copyOf(feeds);
        return link.script(PRESENT, keyNames, epoch.candidate(), gatewayId, Long.toString(TTL_MS))
                .thenAccept(answer -> {
                    epoch.observe(answer.get(0));
                    for (int i = 1; i < answer.size(); i++) {
                        batch.get((int) (long) (Long) answer.get(i) - 1).resync();
                    }
                }).toCompletableFuture();
    }

    @Override
    public void resubscribe(Collection<UserFeed> feeds) {
        link.subscriptions().subscribe(channel());
    }

    @Override
    public long entries(Collection<UserFeed> feeds) {
        return feeds.stream().filter(UserFeed::routed).count();
    }
}
