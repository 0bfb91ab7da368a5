package deliverybench.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Map: Redis keeps, per user, the gateways holding one of its connections, each entry expiring unless
 * the gateway refreshes it (a heartbeat); a send publishes only to those gateways' channels. A dead
 * gateway's entries expire on their own. The upkeep is one refresh per held user per heartbeat. On a
 * Redis Cluster a gateway's channel is sharded ({@code db:gw:{id}}, on one node): the append script
 * returns the user's gateways and the gateway publishes to each.
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
        BroadcastRouter.Subscriptions.await(subscribe(), timeoutMs);
    }

    private CompletionStage<Void> subscribe() {
        String channel = keys.gatewayChannel(gatewayId);
        return link.cluster() ? link.ssubscribe(channel) : link.subscribe(channel);
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
    public String scriptRouting() {
        return link.cluster() ? "map-return" : Routing.MAP.key();
    }

    @Override
    public boolean publishesAfterScript() {
        return link.cluster();
    }

    @Override
    public void published(String note, List<Object> answer) {
        for (int i = 2; i < answer.size(); i++) {
            link.spublish(keys.gatewayChannel(String.valueOf(answer.get(i))), note);
        }
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

    /**
     * Writes this gateway into the users' entries; users whose entry had lapsed re-read what they may have
     * missed. On a cluster, one script per slot among them (a script touches one slot).
     */
    private CompletableFuture<Void> present(List<UserFeed> feeds) {
        Map<Integer, List<UserFeed>> bySlot = new LinkedHashMap<>();
        for (UserFeed feed : feeds) {
            bySlot.computeIfAbsent(keys.slot(feed.user), slot -> new ArrayList<>()).add(feed);
        }
        List<CompletableFuture<Void>> each = new ArrayList<>(bySlot.size());
        bySlot.forEach((slot, batch) -> each.add(present(slot, batch)));
        return each.size() == 1 ? each.get(0) : CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> present(int slot, List<UserFeed> batch) {
        String[] keyNames = new String[batch.size() + 1];
        keyNames[0] = keys.epoch(slot);
        for (int i = 0; i < batch.size(); i++) {
            keyNames[i + 1] = keys.presence(batch.get(i).user);
        }
        return link.script(PRESENT, keyNames, epoch.candidate(), gatewayId, Long.toString(TTL_MS))
                .thenAccept(answer -> {
                    epoch.observe(slot, answer.get(0));
                    for (int i = 1; i < answer.size(); i++) {
                        batch.get((int) (long) (Long) answer.get(i) - 1).resync();
                    }
                }).toCompletableFuture();
    }

    @Override
    public void resubscribe(Collection<UserFeed> feeds) {
        subscribe();
    }

    @Override
    public long entries(Collection<UserFeed> feeds) {
        return feeds.stream().filter(UserFeed::routed).count();
    }
}
