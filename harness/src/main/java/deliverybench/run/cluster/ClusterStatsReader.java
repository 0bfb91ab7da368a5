package deliverybench.run.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deliverybench.cluster.ClusterStatsKeys;
import deliverybench.cluster.local.RedisControl;
import deliverybench.core.stats.StatsKeys;
import deliverybench.run.server.StatsReader;
import deliverybench.run.server.HttpStatsReader;
import deliverybench.run.server.ServerTarget;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every gateway's {@code /stats} and sums them into one document of the same shape (the cluster
 * seen as one server), then adds Redis's own counters ({@code INFO}) and the sender's spread. A
 * gateway that does not answer (killed) counts with its last answer.
 */
final class ClusterStatsReader implements StatsReader {

    static final String REDIS = "redis";
    static final String COMMANDS = "commands";
    static final String PRESENCE_COMMANDS = "presence_commands";
    static final String BYTES_IN = "bytes_in";
    static final String BYTES_OUT = "bytes_out";
    static final String CPU_US = "cpu_us";
    static final String SPREAD = "spread";
    static final String SENDS = "sends";
    static final String DELIVERIES = "deliveries";
    static final String CROSSING = "crossing";
    static final String GATEWAYS = "gateways";
    /** Publish messages the primaries of a Redis Cluster sent to other nodes on the cluster bus (CLUSTER INFO). */
    static final String BUS_PUBLISHES = "bus_publishes";
    /** The commands of each primary of a Redis Cluster, in the order the nodes were started. */
    static final String SHARD_COMMANDS = "shard_commands";

    /** The probe's own commands, left out of what the gateways cost Redis. */
    private static final Set<String> CONTROL = Set.of("info", "ping", "config", "flushall", "cluster", "role");
    /** What the routings spend on presence: the map's entries, the channel's subscriptions. */
    private static final Set<String> PRESENCE = Set.of("zadd", "zscore", "pexpire", "zrem", "ssubscribe", "sunsubscribe");

    private final List<HttpStatsReader> gateways;
    private final JsonNode[] last;
    private final List<RedisControl> redis;
    private final ObjectNode[] lastRedis;
    // What a node counted before it was restarted (chaos kill-redis-primary), carried past its reset counters.
    private final ObjectNode[] carriedRedis;
    private final SpreadSender spread;

    ClusterStatsReader(List<ServerTarget> targets, List<RedisControl> redis, SpreadSender spread) {
        this.gateways = targets.stream().map(target -> new HttpStatsReader(target)).toList();
        this.last = new JsonNode[targets.size()];
        this.redis = redis;
        this.lastRedis = new ObjectNode[redis.size()];
        this.carriedRedis = new ObjectNode[redis.size()];
        this.spread = spread;
    }

    @Override
    public synchronized JsonNode stats() throws IOException {
        ObjectNode sum = null;
        for (int g = 0; g < gateways.size(); g++) {
            try {
                last[g] = gateways.get(g).stats();
            } catch (IOException e) {
                if (last[g] == null) {
                    throw e;
                }
            }
            sum = sum == null ? last[g].deepCopy() : add(sum, last[g]);
        }
        sum.with(ClusterStatsKeys.CLUSTER).put(GATEWAYS, gateways.size());
        sum.set(REDIS, redisCounters());
        ObjectNode sender = sum.putObject(SPREAD);
        if (spread != null) {
            sender.put(SENDS, spread.sends()).put(DELIVERIES, spread.deliveries()).put(CROSSING, spread.crossing());
        }
        return sum;
    }

    /** Adds every number of {@code more} into {@code sum}, object by object; the uptime is the shortest, the epoch kept. */
    private static ObjectNode add(ObjectNode sum, JsonNode more) {
        for (Iterator<Map.Entry<String, JsonNode>> it = more.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            JsonNode mine = sum.get(name);
            if (value.isObject() && mine != null && mine.isObject()) {
                add((ObjectNode) mine, value);
            } else if (value.isNumber() && mine != null && mine.isNumber() && !name.equals(StatsKeys.EPOCH)) {
                sum.put(name, name.equals(StatsKeys.UPTIME_MS) ? Math.min(mine.asLong(), value.asLong())
                        : mine.asLong() + value.asLong());
            }
        }
        return sum;
    }

    /** Redis's counters since it started (every primary's, summed), less what this probe's own commands cost it. */
    private ObjectNode redisCounters() throws IOException {
        ObjectNode sum = null;
        ArrayNode shards = JsonNodeFactory.instance.arrayNode();
        for (int n = 0; n < redis.size(); n++) {
            ObjectNode one = nodeCounters(n);
            shards.add(one.get(COMMANDS).asLong());
            sum = sum == null ? one : add(sum, one);
        }
        if (redis.size() > 1) {
            sum.set(SHARD_COMMANDS, shards);
        }
        return sum;
    }

    /**
     * Node {@code n}'s counters: its last answer when it does not answer (killed), and what it counted before a
     * restart added to what it counts since (its own counters start again at 0).
     */
    private ObjectNode nodeCounters(int n) throws IOException {
        ObjectNode now;
        try {
            now = redisCounters(redis.get(n), redis.size() > 1);
        } catch (IOException e) {
            if (lastRedis[n] == null) {
                throw e;
            }
            return lastRedis[n].deepCopy();
        }
        if (lastRedis[n] != null && now.get(COMMANDS).asLong() + (carriedRedis[n] == null ? 0
                : carriedRedis[n].get(COMMANDS).asLong()) < lastRedis[n].get(COMMANDS).asLong()) {
            carriedRedis[n] = lastRedis[n].deepCopy();
        }
        if (carriedRedis[n] != null) {
            now = add(now, carriedRedis[n]);
        }
        lastRedis[n] = now.deepCopy();
        return now;
    }

    private static ObjectNode redisCounters(RedisControl redis, boolean cluster) throws IOException {
        String info = redis.command("INFO", "all");
        long commands = 0;
        long presence = 0;
        long bytesIn = 0;
        long bytesOut = 0;
        double cpuSeconds = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String base = name.contains("|") ? name.substring(0, name.indexOf('|')) : name;
                long calls = Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
                if (!CONTROL.contains(base)) {
                    commands += calls;
                }
                if (PRESENCE.contains(base)) {
                    presence += calls;
                }
            } else if (line.startsWith("total_net_input_bytes:")) {
                bytesIn = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("total_net_output_bytes:")) {
                bytesOut = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                cpuSeconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put(COMMANDS, commands);
        out.put(PRESENCE_COMMANDS, presence);
        out.put(BYTES_IN, bytesIn - redis.bytesSent());
        out.put(BYTES_OUT, bytesOut - redis.bytesReceived());
        out.put(CPU_US, Math.round(cpuSeconds * 1e6));
        if (cluster) {
            out.put(BUS_PUBLISHES, busPublishes(redis.command("CLUSTER", "INFO")));
        }
        return out;
    }

    /**
     * The publish messages a node sent on the cluster bus: a classic {@code PUBLISH} goes to every other node
     * ({@code publish}), a sharded one to its shard's replicas only ({@code publishshard}).
     */
    static long busPublishes(String clusterInfo) {
        long sent = 0;
        for (String line : clusterInfo.split("\r?\n")) {
            if (line.startsWith("cluster_stats_messages_publish_sent:")
                    || line.startsWith("cluster_stats_messages_publishshard_sent:")) {
                sent += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return sent;
    }
}
