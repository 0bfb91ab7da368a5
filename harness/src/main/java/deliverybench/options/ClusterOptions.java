package deliverybench.options;

import deliverybench.cluster.Routing;
import deliverybench.cluster.local.LocalRedisCluster;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.List;

/**
 * How {@code run --gateways} measures: each strategy on N gateway processes over one Redis, once per routing, and
 * (unless told not to) on the single in-memory server first, on the same workload.
 */
public final class ClusterOptions extends Group {

    @Option(names = "--gateways", description = "Also measure each strategy on this many gateway processes over one "
            + "Redis (serve --cluster), once per --routing; clients spread over the gateways, each message sent to a "
            + "random one. Results are named strategy@routing, beside the single server's.")
    Integer gateways;

    @Option(names = "--routing", split = ",", defaultValue = "map,broadcast,channel",
            description = "With --gateways: the routings to measure, comma-separated: map, broadcast, channel "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> routing;

    @Option(names = "--single", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --gateways: also measure the single in-memory server on the same workload "
                    + "(default: ${DEFAULT-VALUE}; --no-single skips it).")
    boolean single;

    @Option(names = "--redis", description = "With --gateways: use this Redis, redis://HOST:PORT (or a Redis Cluster, "
            + "redis-cluster://HOST:PORT[,HOST:PORT...]), instead of starting redis-server on a free loopback port for "
            + "each measurement.")
    URI redis;

    @Option(names = "--redis-shards", description = "With --gateways: start a Redis Cluster of this many primaries "
            + "(redis-server in cluster mode on free loopback ports, joined by redis-cli --cluster create; at least 3) "
            + "instead of one redis-server, for each measurement; the gateways use it as serve --cluster redis-cluster://...")
    Integer redisShards;

    @Option(names = "--redis-replicas", defaultValue = "0", description = "With --redis-shards: replicas of each "
            + "primary, 0 to 2 (default: ${DEFAULT-VALUE}).")
    int redisReplicas;

    @Option(names = "--redis-wait", defaultValue = "0", description = "With --gateways: each gateway answers a send only "
            + "once this many replicas have its writes (Redis WAIT, serve --redis-wait), so a failover loses no "
            + "acknowledged send; at most --redis-replicas (default: ${DEFAULT-VALUE}, answer at once).")
    int redisWait;

    @Option(names = "--broadcast", defaultValue = "partitioned", description = "With --redis-shards (or --redis "
            + "redis-cluster://...) and --routing broadcast: partitioned (16 sharded channels, each on its slot's node) or "
            + "classic (one PUBLISH channel, which the cluster bus copies to every node: the cost the partitions avoid, "
            + "measured by the cluster bus publishes per message row). On one Redis broadcast is always one classic "
            + "channel. Default: ${DEFAULT-VALUE}.")
    String broadcast;

    @Option(names = "--gateway-jvm-args", split = " ", defaultValue = "-Xmx256m",
            description = "JVM options of each gateway, space-separated (default: ${DEFAULT-VALUE}).")
    List<String> gatewayJvmArgs;

    void validate() {
        if (gateways == null) {
            require(redis == null, "--redis needs --gateways N");
            require(redisShards == null, "--redis-shards needs --gateways N");
            require(redisWait == 0, "--redis-wait needs --gateways N");
            require(!classicBroadcast(), "--broadcast classic needs --gateways N on a Redis Cluster");
            return;
        }
        require(redisShards == null || redis == null, "--redis-shards starts a Redis Cluster of its own; it cannot be "
                + "used with --redis (give --redis redis-cluster://HOST:PORT,... to use a cluster of yours)");
        require(redisShards == null || redisShards >= LocalRedisCluster.MIN_PRIMARIES, "--redis-shards must be at least "
                + LocalRedisCluster.MIN_PRIMARIES + " (redis-cli --cluster create needs 3 primaries), was " + redisShards);
        require(redisReplicas >= 0 && redisReplicas <= 2, "--redis-replicas must be 0 to 2, was " + redisReplicas);
        require(redisReplicas == 0 || redisShards != null, "--redis-replicas needs --redis-shards S");
        require(redisWait >= 0, "--redis-wait must be 0 or more replicas, was " + redisWait);
        require(redisWait == 0 || redis != null || (redisShards != null && redisWait <= redisReplicas),
                "--redis-wait " + redisWait + " waits for that many replicas of each primary: start them with "
                        + "--redis-shards S --redis-replicas " + redisWait + " (or more)");
        require(gateways >= 1, "--gateways must be at least 1, was " + gateways);
        require(!routing.isEmpty(), "--routing needs at least one of map, broadcast, channel");
        require("partitioned".equals(broadcast) || "classic".equals(broadcast),
                "--broadcast must be partitioned or classic, was " + broadcast);
        require(!classicBroadcast() || redisShards != null || (redis != null && "redis-cluster".equals(redis.getScheme())),
                "--broadcast classic is a Redis Cluster's choice: give --redis-shards S (on one Redis broadcast is "
                        + "always one classic channel)");
        routings();
    }

    /** True when the run measures on gateways too. */
    public boolean enabled() { return gateways != null; }
    public int gateways() { return gateways; }
    public List<Routing> routings() { return routing.stream().map(Routing::parse).toList(); }
    public boolean single() { return single; }
    /** A Redis to use, or null to start one per measurement (redis-server on a free loopback port). */
    public URI redis() { return redis; }
    public List<String> gatewayJvmArgs() { return gatewayJvmArgs; }
    /** The primaries of a Redis Cluster to start, or 0 for one redis-server. */
    public int redisShards() { return redisShards == null ? 0 : redisShards; }
    public int redisReplicas() { return redisReplicas; }
    /** Replicas a gateway waits for (WAIT) before it answers a send; 0 for none. */
    public int redisWait() { return redisWait; }
    /** Broadcast routing on a cluster over one classic channel rather than sharded partitions. */
    public boolean classicBroadcast() { return "classic".equals(broadcast); }

    @Override
    public String toString() {
        return gateways + " gateways, routing " + String.join(",", routing)
                + (single ? ", and the single server" : "") + (redis == null ? "" : ", Redis at " + redis)
                + (redisShards == null ? "" : ", a Redis Cluster of " + redisShards + " primaries"
                        + (redisReplicas == 0 ? "" : " with " + redisReplicas + " replicas each"))
                + (redisWait == 0 ? "" : ", each send waiting for " + redisWait + " replicas")
                + (classicBroadcast() ? ", broadcast on one classic channel" : "");
    }
}
