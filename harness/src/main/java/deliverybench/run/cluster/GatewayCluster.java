package deliverybench.run.cluster;

import deliverybench.options.ClusterOptions;
import deliverybench.cluster.ClusterConfig;
import deliverybench.cluster.local.LocalRedis;
import deliverybench.cluster.local.LocalRedisCluster;
import deliverybench.cluster.local.RedisControl;
import deliverybench.cluster.Routing;
import deliverybench.run.server.ServerProcess;
import deliverybench.run.server.HttpStatsReader;
import deliverybench.run.server.ServerTarget;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Redis (one, or a Redis Cluster) and N gateway processes ({@code serve --cluster}) for one measurement, stopped after it. */
public final class GatewayCluster implements AutoCloseable {

    private final LocalRedis redis;
    private final LocalRedisCluster shards;
    private final URI redisUri;
    private final List<RedisControl> controls;
    private final List<ServerProcess> gateways;
    private final Routing routing;

    private GatewayCluster(LocalRedis redis, LocalRedisCluster shards, URI redisUri, List<ServerProcess> gateways,
                           Routing routing) {
        this.redis = redis;
        this.shards = shards;
        this.redisUri = redisUri;
        this.controls = redis != null ? List.of(redis.control())
                : shards != null ? shards.nodes().subList(0, shards.primaries()).stream().map(LocalRedis::control).toList()
                : ClusterConfig.CLUSTER_SCHEME.equals(redisUri.getScheme())
                        // A cluster of the user's: every seed node named, as if each were a primary.
                        ? ClusterConfig.seedsOf(redisUri).stream()
                                .map(seed -> new RedisControl(URI.create("redis://" + seed.getHost() + ":" + seed.getPort())))
                                .toList()
                        : List.of(new RedisControl(redisUri));
        this.gateways = gateways;
        this.routing = routing;
    }

    /**
     * Starts Redis (unless the plan names one) and the gateways, all at once, and waits until each answers.
     *
     * @param label names the log files: {@code redis-<label>.log}, {@code gateway-<label>-g<i>.log}
     */
    public static GatewayCluster start(ClusterOptions plan, Routing routing, String secret, List<String> serverArgs,
                                       Path runDir, String label, Consumer<String> progress)
            throws IOException, InterruptedException {
        LocalRedisCluster shards = null;
        LocalRedis redis = null;
        if (plan.redisShards() > 0) {
            progress.accept(String.format("starting a Redis Cluster of %d primaries (%d replicas each)...",
                    plan.redisShards(), plan.redisReplicas()));
            shards = LocalRedisCluster.start(plan.redisShards(), plan.redisReplicas(), runDir, "redis-" + label);
        } else if (plan.redis() == null) {
            redis = LocalRedis.start(runDir.resolve("redis-" + label + ".log"));
        }
        URI redisUri = redis != null ? redis.uri() : shards != null ? shards.uri() : plan.redis();
        progress.accept(String.format("starting %d gateways (routing %s) on Redis at %s...", plan.gateways(),
                routing.key(), redisUri));
        List<ServerProcess> started = new ArrayList<>();
        ExecutorService starter = Executors.newFixedThreadPool(Math.min(plan.gateways(), 4));
        try {
            List<Future<ServerProcess>> futures = new ArrayList<>();
            for (int g = 0; g < plan.gateways(); g++) {
                List<String> args = new ArrayList<>(List.of("--cluster", redisUri.toString(), "--gateway-id", "g" + g,
                        "--routing", routing.key()));
                if (plan.redisWait() > 0) {
                    args.addAll(List.of("--redis-wait", Integer.toString(plan.redisWait())));
                }
                if (plan.classicBroadcast()) {
                    args.addAll(List.of("--broadcast", "classic"));
                }
                if (!serverArgs.contains("--io-threads")) {
                    // Many JVMs share two cores: one I/O thread each.
                    args.addAll(List.of("--io-threads", "1"));
                }
                args.addAll(serverArgs);
                Path log = runDir.resolve("gateway-" + label + "-g" + g + ".log");
                futures.add(starter.submit(() -> {
                    ServerProcess process = ServerProcess.start(secret, args, plan.gatewayJvmArgs(), log);
                    new HttpStatsReader(process.target()).awaitHealthy(30_000);
                    return process;
                }));
            }
            IOException failure = null;
            for (Future<ServerProcess> future : futures) {
                try {
                    started.add(future.get());
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new GatewayCluster(redis, shards, redisUri, started, routing);
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (ServerProcess process : started) {
                process.close();
            }
            if (redis != null) {
                redis.close();
            }
            if (shards != null) {
                shards.close();
            }
            throw e;
        } finally {
            starter.shutdownNow();
            starter.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    public List<ServerTarget> targets() {
        return gateways.stream().map(ServerProcess::target).toList();
    }

    public int size() {
        return gateways.size();
    }

    public Routing routing() {
        return routing;
    }

    /** The control clients of Redis: the one Redis, or each primary of a Redis Cluster. */
    public List<RedisControl> redis() {
        return controls;
    }

    /** Kills gateway {@code g} (SIGKILL). */
    void kill(int g) throws InterruptedException {
        gateways.get(g).kill();
    }

    /** Sends a signal to Redis ({@code STOP}, {@code CONT}); only a Redis this cluster started. */
    void signalRedis(String signal) throws IOException, InterruptedException {
        if (redis == null) {
            throw new IOException("--chaos redis-pause needs one Redis that run starts itself, not --redis or --redis-shards");
        }
        new ProcessBuilder("kill", "-" + signal, Long.toString(redis.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
    }

    /** Kills a primary of the Redis Cluster this run started (SIGKILL). */
    LocalRedisCluster.KilledPrimary killRedisPrimary() throws IOException, InterruptedException {
        if (shards == null) {
            throw new IOException("--chaos kill-redis-primary needs the Redis Cluster run starts (--redis-shards)");
        }
        return shards.killPrimary();
    }

    /** The Redis Cluster this run started, null for one Redis or a Redis of the user's. */
    LocalRedisCluster shards() {
        return shards;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServerProcess process : gateways) {
            process.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (shards != null) {
            shards.close();
        }
    }
}
