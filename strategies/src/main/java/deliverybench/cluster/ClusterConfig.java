package deliverybench.cluster;

import io.lettuce.core.RedisURI;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a gateway joins a cluster ({@code serve --cluster}).
 *
 * @param redis     {@code redis://HOST:PORT} (one Redis) or {@code redis-cluster://HOST:PORT[,HOST:PORT...]} (a Redis
 *                  Cluster, reached through any of these seed nodes)
 * @param gatewayId this gateway's name in the uid -> gateway map and its channel
 * @param routing   how sends find the gateways holding their user
 * @param timeout   how long a Redis command may take before the request it serves fails (503)
 * @param namespace the prefix of every key and channel, so that several clusters may share one Redis
 * @param redisWait replicas a send's writes must reach ({@code WAIT}) before it is answered; 0 answers at once
 * @param classicBroadcast broadcast routing on a Redis Cluster over one classic channel ({@code PUBLISH}, which the
 *                  cluster bus copies to every node) rather than sharded partitions: kept to measure that copy
 */
public record ClusterConfig(URI redis, String gatewayId, Routing routing, Duration timeout, String namespace,
                            int redisWait, boolean classicBroadcast) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_NAMESPACE = "db";
    public static final String CLUSTER_SCHEME = "redis-cluster";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ClusterConfig {
        boolean standalone = redis != null && "redis".equals(redis.getScheme()) && redis.getHost() != null
                && redis.getPort() > 0;
        if (!standalone && !(redis != null && CLUSTER_SCHEME.equals(redis.getScheme()) && seedsOf(redis).size() > 0)) {
            throw new IllegalArgumentException("--cluster must be redis://HOST:PORT or "
                    + "redis-cluster://HOST:PORT[,HOST:PORT...], was " + redis);
        }
        if (gatewayId == null || !ID.matcher(gatewayId).matches()) {
            throw new IllegalArgumentException("--gateway-id must match [A-Za-z0-9_-]{1,64}, was " + gatewayId);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Redis timeout must be positive, was " + timeout);
        }
        if (!ID.matcher(namespace).matches()) {
            throw new IllegalArgumentException("the namespace must match [A-Za-z0-9_-]{1,64}, was " + namespace);
        }
        if (redisWait < 0 || redisWait > 5) {
            throw new IllegalArgumentException("--redis-wait must be 0 to 5 replicas, was " + redisWait);
        }
    }

    /** True for a Redis Cluster ({@code redis-cluster://}). */
    public boolean isRedisCluster() {
        return CLUSTER_SCHEME.equals(redis.getScheme());
    }

    /** The cluster's seed nodes. */
    public List<RedisURI> seeds() {
        return seedsOf(redis);
    }

    /** The seed nodes of {@code redis-cluster://HOST:PORT[,HOST:PORT...]}; a clear error for anything else. */
    public static List<RedisURI> seedsOf(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("--cluster must be redis-cluster://HOST:PORT[,HOST:PORT...], was " + uri);
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String node : authority.split(",", -1)) {
            int colon = node.lastIndexOf(':');
            int port;
            try {
                port = colon < 1 ? -1 : Integer.parseInt(node.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--cluster: '" + node + "' is not HOST:PORT in " + uri);
            }
            seeds.add(RedisURI.create(node.substring(0, colon), port));
        }
        return seeds;
    }

    public ClusterConfig(URI redis, String gatewayId, Routing routing, Duration timeout, String namespace,
                         int redisWait) {
        this(redis, gatewayId, routing, timeout, namespace, redisWait, false);
    }

    public ClusterConfig(URI redis, String gatewayId, Routing routing, Duration timeout, String namespace) {
        this(redis, gatewayId, routing, timeout, namespace, 0);
    }

    public ClusterConfig(URI redis, String gatewayId, Routing routing) {
        this(redis, gatewayId, routing, DEFAULT_TIMEOUT, DEFAULT_NAMESPACE, 0);
    }
}
