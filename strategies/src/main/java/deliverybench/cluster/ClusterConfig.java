package deliverybench.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a gateway joins a cluster ({@code serve --cluster}).
 *
 * @param redis     {@code redis://host:port}
 * @param gatewayId this gateway's name in the uid -> gateway map and its channel
 * @param routing   how sends find the gateways holding their user
 * @param timeout   how long a Redis command may take before the request it serves fails (503)
 * @param namespace the prefix of every key and channel, so that several clusters may share one Redis
 */
public record ClusterConfig(URI redis, String gatewayId, Routing routing, Duration timeout, String namespace) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_NAMESPACE = "db";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ClusterConfig {
        if (redis == null || !"redis".equals(redis.getScheme()) || redis.getHost() == null || redis.getPort() < 1) {
            throw new IllegalArgumentException("--cluster must be redis://HOST:PORT, was " + redis);
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
    }

    public ClusterConfig(URI redis, String gatewayId, Routing routing) {
        this(redis, gatewayId, routing, DEFAULT_TIMEOUT, DEFAULT_NAMESPACE);
    }
}
