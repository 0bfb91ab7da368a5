package deliverybench.run.cluster;

import deliverybench.cluster.Routing;

import java.net.URI;
import java.util.List;

/**
 * How {@code run --gateways} measures: each strategy on N gateway processes over one Redis, once per
 * routing, and (unless told not to) on the single in-memory server first, on the same workload.
 *
 * @param gateways       gateway processes per measurement, at least 1
 * @param routings       the routings measured, in order
 * @param single         also measure the single server, for comparison
 * @param redis          a Redis to use, or null to start one per measurement (redis-server on a free loopback port)
 * @param gatewayJvmArgs JVM options of each gateway
 */
public record ClusterPlan(int gateways, List<Routing> routings, boolean single, URI redis, List<String> gatewayJvmArgs) {

    public ClusterPlan {
        routings = List.copyOf(routings);
        gatewayJvmArgs = List.copyOf(gatewayJvmArgs);
        if (gateways < 1) {
            throw new IllegalArgumentException("--gateways must be at least 1, was " + gateways);
        }
        if (routings.isEmpty()) {
            throw new IllegalArgumentException("--routing needs at least one of map, broadcast, channel");
        }
    }

    @Override
    public String toString() {
        return gateways + " gateways, routing " + String.join(",", routings.stream().map(Routing::key).toList())
                + (single ? ", and the single server" : "") + (redis == null ? "" : ", Redis at " + redis);
    }
}
