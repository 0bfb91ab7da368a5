package deliverybench.cluster;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A gateway's connections to Redis: one standalone Redis ({@link StandaloneLink}) or a Redis Cluster
 * ({@link ClusterLink}). Counts the commands it sends and the bytes on its sockets.
 */
public interface RedisLink extends AutoCloseable {

    /**
     * Connects; fails at once (a {@code RedisConnectionException}) when Redis cannot be reached.
     *
     * @param notes          gets every message of every channel subscribed, classic or sharded
     * @param onResubscribed run when a subscription connection came back after a loss
     */
    static RedisLink connect(ClusterConfig config, Consumer<String> notes, Runnable onResubscribed) {
        return config.isRedisCluster() ? new ClusterLink(config, notes, onResubscribed)
                : new StandaloneLink(config, notes, onResubscribed);
    }

    /** True on a Redis Cluster: every script touches one slot, and sharded channels live on their slot's node. */
    boolean cluster();

    /** A script by its SHA1, routed (on a cluster) by its first key's slot. */
    CompletionStage<List<Object>> script(Script script, String[] keys, String... args);

    /**
     * {@code WAIT replicas timeoutMs} on the connection that ran {@code key}'s last script (on a cluster, the
     * one to the primary of the key's slot), so that it covers that script's writes: how many replicas have them.
     */
    CompletionStage<Long> waitForReplicas(String key, int replicas, long timeoutMs);

    /**
     * The primary that serves {@code slot} as this gateway last saw the slot map (on a cluster its node id,
     * null when none does; on one Redis always the same): scripts for two slots it names go to one node.
     */
    String primaryOf(int slot);

    /** The slots each primary serves (on one Redis: one list, slot 0). */
    List<List<Integer>> slotsByPrimary();

    /** Loads scripts into Redis (on a cluster, into every primary), so that a burst of first calls finds them. */
    CompletionStage<Void> load(Script... scripts);

    /** A classic channel (on a cluster: on any one node, which hears every node's classic publishes). */
    CompletionStage<Void> subscribe(String channel);

    /** Sharded channels (on a cluster: each on the node that owns its slot); completes once Redis confirmed all. */
    CompletionStage<Void> ssubscribe(String... channels);

    void sunsubscribe(String channel);

    /** Publishes to a sharded channel outside a script (on a cluster: to its slot's node). */
    CompletionStage<Long> spublish(String channel, String message);

    /** Commands this gateway sent to Redis (a script counts as one). */
    long commandsSent();

    /** Scripts this gateway sent to Redis ({@code EVALSHA} and {@code EVAL}), within {@link #commandsSent}. */
    long scriptsSent();

    /** Bytes this gateway read from Redis, on every connection. */
    long bytesIn();

    /** Bytes this gateway wrote to Redis, on every connection. */
    long bytesOut();

    @Override
    void close();

    /** EVALSHA, then the whole script once Redis says it does not know it (a fresh or restarted node). */
    static CompletionStage<List<Object>> evalsha(RedisScriptingAsyncCommands<String, String> commands, Script script,
                                                 String[] keys, String... args) {
        CompletableFuture<List<Object>> answer = new CompletableFuture<>();
        commands.<List<Object>>evalsha(script.sha1, ScriptOutputType.MULTI, keys, args).whenComplete((value, error) -> {
            if (error instanceof RedisNoScriptException) {
                commands.<List<Object>>eval(script.source, ScriptOutputType.MULTI, keys, args).whenComplete((again, failed) -> {
                    if (failed != null) {
                        answer.completeExceptionally(failed);
                    } else {
                        answer.complete(again);
                    }
                });
            } else if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(value);
            }
        });
        return answer;
    }

    /** A Lua script and its SHA1, the name {@code EVALSHA} knows it by. */
    final class Script {
        final String source;
        final String sha1;

        Script(String source) {
            this.source = source;
            try {
                this.sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is missing from this JVM", e);
            }
        }
    }
}
