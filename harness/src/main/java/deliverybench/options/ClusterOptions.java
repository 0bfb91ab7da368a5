package deliverybench.options;

import deliverybench.cluster.Routing;
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

    @Option(names = "--redis", description = "With --gateways: use this Redis, redis://HOST:PORT, instead of starting "
            + "redis-server on a free loopback port for each measurement.")
    URI redis;

    @Option(names = "--gateway-jvm-args", split = " ", defaultValue = "-Xmx256m",
            description = "JVM options of each gateway, space-separated (default: ${DEFAULT-VALUE}).")
    List<String> gatewayJvmArgs;

    void validate() {
        if (gateways == null) {
            require(redis == null, "--redis needs --gateways N");
            return;
        }
        require(gateways >= 1, "--gateways must be at least 1, was " + gateways);
        require(!routing.isEmpty(), "--routing needs at least one of map, broadcast, channel");
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

    @Override
    public String toString() {
        return gateways + " gateways, routing " + String.join(",", routing)
                + (single ? ", and the single server" : "") + (redis == null ? "" : ", Redis at " + redis);
    }
}
