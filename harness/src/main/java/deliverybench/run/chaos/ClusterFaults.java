package deliverybench.run.chaos;

import java.util.function.Consumer;

/** What chaos can do to a cluster of gateways on Redis ({@code run --gateways}): kill a gateway, stop Redis, kill a Redis primary. */
public interface ClusterFaults {

    /** Kills one gateway (SIGKILL) and points its clients at a live one, as a load balancer would. */
    void killGateway(Consumer<String> progress);

    /** Stops Redis (SIGSTOP) until {@link #resumeRedis}. */
    void pauseRedis(Consumer<String> progress);

    void resumeRedis(Consumer<String> progress);

    /**
     * Kills one primary of the Redis Cluster (SIGKILL), says which and which slots, marks the moment for the
     * ledger's failover account, and once a replica took over starts the killed node again (it rejoins as a replica).
     */
    void killRedisPrimary(Consumer<String> progress);
}
