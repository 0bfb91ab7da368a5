package deliverybench.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A gateway's connections to a Redis Cluster, on one Lettuce {@link RedisClusterClient}: a pipelined
 * connection per primary for commands (each script routed by its first key's slot), and for
 * subscriptions one connection per primary, each sharded channel subscribed on its slot's node
 * (Lettuce's cluster pub/sub sends {@code SSUBSCRIBE} to one default node, which answers
 * {@code MOVED} for the rest).
 */
final class ClusterLink implements RedisLink {

    private final LinkCounters counters = new LinkCounters();
    private final ClientResources resources;
    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> connection;
    private final StatefulRedisClusterPubSubConnection<String, String> subscriptions;
    private final Set<RedisChannelHandler<?, ?>> connectedOnce = ConcurrentHashMap.newKeySet();

    ClusterLink(ClusterConfig config, Consumer<String> notes, Runnable onResubscribed) {
        this.resources = counters.resources();
        this.client = RedisClusterClient.create(resources, config.seeds());
        client.setOptions(ClusterClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(LinkCounters.REQUEST_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(config.timeout()))
                // A MOVED or a lost node makes the client read the slot map again (a failover, a reshard), at most
                // once a second (Lettuce's default is once in 30 s: a failover would wait that long); and every 2 s
                // regardless, since a dead primary's commands are rejected locally and never draw a MOVED.
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1)).refreshTriggersReconnectAttempts(1)
                        .enablePeriodicRefresh(Duration.ofSeconds(2)).build())
                .build());
        counters.count(client);
        StatefulRedisClusterConnection<String, String> opened = null;
        try {
            opened = client.connect();
            this.connection = opened;
            this.subscriptions = client.connectPubSub();
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        try {
            // Node connections open lazily, and a command for one still opening would be rejected: open them now.
            for (RedisClusterNode node : connection.getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    // By host and port: the key Lettuce routes a slot's commands by.
                    connection.getConnection(node.getUri().getHost(), node.getUri().getPort());
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        subscriptions.setNodeMessagePropagation(true);
        subscriptions.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void message(RedisClusterNode node, String channel, String note) {
                notes.accept(note);
            }

            @Override
            public void smessage(RedisClusterNode node, String channel, String note) {
                notes.accept(note);
            }
        });
        // A new slot map (a replica promoted): the subscriptions on the dead node are gone, and what was published
        // meanwhile with them; subscribe again on the new owners and re-read.
        resources.eventBus().get().filter(event -> event instanceof ClusterTopologyChangedEvent)
                .subscribe(event -> onResubscribed.run());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // A subscription connection's first connect is its opening; any later one is a reconnect,
                // and what was published while it was down is gone: re-read.
                if (handler instanceof io.lettuce.core.pubsub.StatefulRedisPubSubConnection<?, ?>
                        && !connectedOnce.add(handler)) {
                    onResubscribed.run();
                }
            }
        });
    }

    @Override
    public boolean cluster() {
        return true;
    }

    @Override
    public CompletionStage<List<Object>> script(Script script, String[] keys, String... args) {
        return RedisLink.evalsha(connection.async(), script, keys, args);
    }

    @Override
    public CompletionStage<Long> waitForReplicas(String key, int replicas, long timeoutMs) {
        RedisClusterNode node = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        if (node == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no primary serves the slot of " + key));
        }
        // By host and port: the same node connection the slot's script was routed to (see the constructor).
        return connection.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
                .thenCompose(nodeConnection -> nodeConnection.async().waitForReplication(replicas, timeoutMs));
    }

    @Override
    public String primaryOf(int slot) {
        RedisClusterNode node = connection.getPartitions().getMasterBySlot(slot);
        return node == null ? null : node.getNodeId();
    }

    @Override
    public List<List<Integer>> slotsByPrimary() {
        List<List<Integer>> slots = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                slots.add(List.copyOf(node.getSlots()));
            }
        }
        return slots;
    }

    @Override
    public CompletionStage<Void> load(Script... scripts) {
        List<CompletableFuture<String>> each = new ArrayList<>();
        for (Script script : scripts) {
            each.add(connection.async().scriptLoad(script.source.getBytes(StandardCharsets.UTF_8)).toCompletableFuture());
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        return subscriptions.async().subscribe(channel);
    }

    /** One {@code SSUBSCRIBE} per slot (Redis refuses channels of several slots in one), on the slot's node. */
    @Override
    public CompletionStage<Void> ssubscribe(String... channels) {
        Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
        for (String channel : channels) {
            bySlot.computeIfAbsent(SlotHash.getSlot(channel), slot -> new ArrayList<>()).add(channel);
        }
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> entry : bySlot.entrySet()) {
            RedisClusterNode node = subscriptions.getPartitions().getMasterBySlot(entry.getKey());
            if (node == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("no primary serves slot " + entry.getKey()));
            }
            String[] inSlot = entry.getValue().toArray(String[]::new);
            each.add(subscriptions.getConnectionAsync(node.getNodeId())
                    .thenCompose(connection -> connection.async().ssubscribe(inSlot)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }

    @Override
    public void sunsubscribe(String channel) {
        RedisClusterNode node = subscriptions.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        if (node != null) {
            subscriptions.getConnectionAsync(node.getNodeId()).thenAccept(c -> c.async().sunsubscribe(channel));
        }
    }

    @Override
    public CompletionStage<Long> spublish(String channel, String message) {
        return connection.async().spublish(channel, message);
    }

    @Override
    public long commandsSent() {
        return counters.commands.sum();
    }

    @Override
    public long scriptsSent() {
        return counters.scripts.sum();
    }

    @Override
    public long bytesIn() {
        return counters.bytesIn.sum();
    }

    @Override
    public long bytesOut() {
        return counters.bytesOut.sum();
    }

    @Override
    public void close() {
        subscriptions.close();
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
