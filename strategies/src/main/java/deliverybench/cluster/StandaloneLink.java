package deliverybench.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A gateway's two connections to one Redis, on one small Lettuce client: one multiplexed, pipelined
 * connection for every command of every request, and one for subscriptions.
 */
final class StandaloneLink implements RedisLink {

    private final LinkCounters counters = new LinkCounters();
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;

    StandaloneLink(ClusterConfig config, Consumer<String> notes, Runnable onResubscribed) {
        this.resources = counters.resources();
        this.client = RedisClient.create(resources, RedisURI.create(config.redis()));
        client.setOptions(ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(true)
                // While Redis cannot be reached, a command fails at once (503) instead of waiting in a queue.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(LinkCounters.REQUEST_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(config.timeout()))
                .build());
        counters.count(client);
        StatefulRedisConnection<String, String> opened = null;
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
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String note) {
                notes.accept(note);
            }

            @Override
            public void smessage(String channel, String note) {
                notes.accept(note);
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // Added once both are up: any later connect of the subscriptions is a reconnect, and the
                // notifications published while it was down are gone: re-read.
                if (handler == subscriptions) {
                    onResubscribed.run();
                }
            }
        });
    }

    @Override
    public boolean cluster() {
        return false;
    }

    @Override
    public CompletionStage<List<Object>> script(Script script, String[] keys, String... args) {
        return RedisLink.evalsha(connection.async(), script, keys, args);
    }

    @Override
    public CompletionStage<Long> waitForReplicas(String key, int replicas, long timeoutMs) {
        return connection.async().waitForReplication(replicas, timeoutMs);
    }

    @Override
    public String primaryOf(int slot) {
        return "redis";
    }

    @Override
    public List<List<Integer>> slotsByPrimary() {
        return List.of(List.of(0));
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

    @Override
    public CompletionStage<Void> ssubscribe(String... channels) {
        return subscriptions.async().ssubscribe(channels);
    }

    @Override
    public void sunsubscribe(String channel) {
        subscriptions.async().sunsubscribe(channel);
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
