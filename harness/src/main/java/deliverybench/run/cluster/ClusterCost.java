package deliverybench.run.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.cluster.ClusterStatsKeys;
import deliverybench.core.stats.StatsKeys;
import deliverybench.measure.MetricValues;
import deliverybench.metric.Metric;

/** What a cluster's routing cost in a measured window, from two reads of {@link ClusterStatsReader}: Redis's work and the gateways' per message. */
public final class ClusterCost {

    private ClusterCost() {
    }

    /** Puts the cluster's figures; does nothing for a single server's documents (no {@code cluster} object). */
    public static void put(MetricValues metrics, JsonNode before, JsonNode after, double seconds) {
        if (!after.has(ClusterStatsKeys.CLUSTER) || !after.has(ClusterStatsReader.REDIS)) {
            return;
        }
        double delivered = metrics.get(Metric.SERVER_MESSAGES_DELIVERED);
        double sends = delta(before, after, StatsKeys.SEND, StatsKeys.MESSAGES_DELIVERED);
        double routedIn = delta(before, after, ClusterStatsKeys.CLUSTER, ClusterStatsKeys.ROUTED_IN);
        double dropped = delta(before, after, ClusterStatsKeys.CLUSTER, ClusterStatsKeys.ROUTED_DROPPED);
        double commands = delta(before, after, ClusterStatsReader.REDIS, ClusterStatsReader.COMMANDS);
        double bytes = delta(before, after, ClusterStatsReader.REDIS, ClusterStatsReader.BYTES_IN)
                + delta(before, after, ClusterStatsReader.REDIS, ClusterStatsReader.BYTES_OUT);
        double cpuUs = delta(before, after, ClusterStatsReader.REDIS, ClusterStatsReader.CPU_US);
        double presence = delta(before, after, ClusterStatsReader.REDIS, ClusterStatsReader.PRESENCE_COMMANDS);
        double deliveries = delta(before, after, ClusterStatsReader.SPREAD, ClusterStatsReader.DELIVERIES);
        double crossing = delta(before, after, ClusterStatsReader.SPREAD, ClusterStatsReader.CROSSING);
        metrics.put(Metric.GATEWAYS, after.get(ClusterStatsKeys.CLUSTER).path(ClusterStatsReader.GATEWAYS).asDouble())
                .put(Metric.CROSS_GATEWAY_SHARE, ratio(crossing, deliveries))
                .put(Metric.REDIS_COMMANDS_PER_MESSAGE, ratio(commands, delivered))
                .put(Metric.REDIS_BYTES_PER_MESSAGE, ratio(bytes, delivered))
                .put(Metric.REDIS_CPU_US_PER_MESSAGE, ratio(cpuUs, delivered))
                .put(Metric.ROUTED_PER_MESSAGE, ratio(routedIn, sends))
                .put(Metric.ROUTED_DROPPED_RATIO, ratio(dropped, routedIn))
                .put(Metric.PRESENCE_ENTRIES, after.get(ClusterStatsKeys.CLUSTER).get(ClusterStatsKeys.PRESENCE_ENTRIES).asDouble())
                .put(Metric.PRESENCE_UPKEEP_PER_SECOND, presence / seconds);
        JsonNode shardsAfter = after.path(ClusterStatsReader.REDIS).path(ClusterStatsReader.SHARD_COMMANDS);
        JsonNode shardsBefore = before.path(ClusterStatsReader.REDIS).path(ClusterStatsReader.SHARD_COMMANDS);
        if (shardsAfter.size() > 1) {
            double busiest = 0;
            for (int i = 0; i < shardsAfter.size(); i++) {
                busiest = Math.max(busiest, shardsAfter.get(i).asDouble() - shardsBefore.path(i).asDouble());
            }
            metrics.put(Metric.REDIS_SHARDS, shardsAfter.size())
                    .put(Metric.REDIS_BUSIEST_SHARD_SHARE, ratio(busiest, commands))
                    .put(Metric.REDIS_BUS_PUBLISHES_PER_MESSAGE,
                            ratio(delta(before, after, ClusterStatsReader.REDIS, ClusterStatsReader.BUS_PUBLISHES), delivered));
        }
    }

    private static double delta(JsonNode before, JsonNode after, String object, String counter) {
        return after.path(object).path(counter).asDouble() - before.path(object).path(counter).asDouble();
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }
}
