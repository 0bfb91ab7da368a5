package deliverybench.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deliverybench.core.stats.StatsKeys;
import deliverybench.metric.Metric;

import java.util.Iterator;
import java.util.Map;

/** The server's cost in a measured window, from two reads of {@code /stats}: per second and per delivered message. */
public final class ServerCost {

    private ServerCost() {
    }

    /**
     * Puts the server's figures for the strategy whose counters are under {@code key}.
     *
     * @param seconds the window's length
     */
    public static void put(MetricValues metrics, String key, JsonNode before, JsonNode after, double seconds) {
        if (restarted(before, after)) {
            // The server restarted (--chaos restart): its counters began again at zero.
            seconds = Math.min(seconds, after.get(StatsKeys.UPTIME_MS).asDouble() / 1_000);
            before = zeroes(after);
        }
        double requests = delta(before, after, key, StatsKeys.REQUESTS);
        double empty = delta(before, after, key, StatsKeys.EMPTY_RESPONSES);
        double delivered = delta(before, after, key, StatsKeys.MESSAGES_DELIVERED);
        double bytes = delta(before, after, key, StatsKeys.BYTES_IN) + delta(before, after, key, StatsKeys.BYTES_OUT);
        double reads = delta(before, after, key, StatsKeys.STORE_READS);
        double cpuNs = delta(before, after, StatsKeys.CPU_NS);
        // The request path's CPU, apart from the JIT's and the GC's: what the strategy costs once warm.
        double requestNs = before.has(StatsKeys.REQUEST_CPU_NS) ? delta(before, after, StatsKeys.REQUEST_CPU_NS) : cpuNs;
        double jitNs = after.path(StatsKeys.JIT_CPU_NS).asLong(-1) >= 0 ? delta(before, after, StatsKeys.JIT_CPU_NS)
                : 1e6 * delta(before, after, StatsKeys.JIT_COMPILE_MS);
        double gcNs = after.path(StatsKeys.GC_CPU_NS).asLong(-1) >= 0 ? delta(before, after, StatsKeys.GC_CPU_NS) : Double.NaN;
        double sendBytes = delta(before, after, StatsKeys.SEND, StatsKeys.BYTES_IN)
                + delta(before, after, StatsKeys.SEND, StatsKeys.BYTES_OUT);
        double sends = delta(before, after, StatsKeys.SEND, StatsKeys.MESSAGES_DELIVERED);
        metrics.put(Metric.SERVER_MESSAGES_DELIVERED, delivered)
                .put(Metric.SERVER_REQUESTS_PER_SECOND, requests / seconds)
                .put(Metric.EMPTY_RESPONSES, empty)
                .put(Metric.WASTED_RATIO, requests == 0 ? 0 : empty / requests)
                .put(Metric.REQUESTS_PER_MESSAGE, ratio(requests, delivered))
                .put(Metric.BYTES_PER_MESSAGE, ratio(bytes, delivered))
                .put(Metric.STORE_READS_PER_MESSAGE, ratio(reads, delivered))
                .put(Metric.SERVER_CPU_US_PER_MESSAGE, ratio(requestNs / 1_000.0, delivered))
                .put(Metric.SERVER_JIT_US_PER_MESSAGE, ratio(jitNs / 1_000.0, delivered))
                .put(Metric.SERVER_GC_US_PER_MESSAGE, ratio(gcNs / 1_000.0, delivered))
                .put(Metric.SERVER_PROCESS_CPU_US_PER_MESSAGE, ratio(cpuNs / 1_000.0, delivered))
                .put(Metric.SERVER_CPU_PERCENT, 100 * cpuNs / (seconds * 1e9))
                .put(Metric.SERVER_CORES, after.path(StatsKeys.CORES).asDouble(Double.NaN))
                .put(Metric.SEND_BYTES_PER_MESSAGE, ratio(sendBytes, sends))
                .put(Metric.SERVER_THREADS, after.get(StatsKeys.THREADS).asDouble())
                .put(Metric.SERVER_HEAP_BYTES, after.get(StatsKeys.HEAP_USED_BYTES).asDouble())
                .put(Metric.SERVER_OPEN_CONNECTIONS, after.get(key).get(StatsKeys.OPEN_CONNECTIONS).asDouble());
        if (after.has(StatsKeys.TLS)) {
            tls(metrics, key, before, after, delivered, sends);
        }
    }

    /** Under TLS: the bytes below it beside the plaintext ones, and the handshakes of the window. */
    private static void tls(MetricValues metrics, String key, JsonNode before, JsonNode after, double delivered, double sends) {
        double wire = delta(before, after, key, StatsKeys.WIRE_BYTES_IN) + delta(before, after, key, StatsKeys.WIRE_BYTES_OUT);
        double sendWire = delta(before, after, StatsKeys.SEND, StatsKeys.WIRE_BYTES_IN)
                + delta(before, after, StatsKeys.SEND, StatsKeys.WIRE_BYTES_OUT);
        metrics.put(Metric.TLS_BYTES_PER_MESSAGE, ratio(wire, delivered))
                .put(Metric.SEND_TLS_BYTES_PER_MESSAGE, ratio(sendWire, sends))
                .put(Metric.TLS_FULL_HANDSHAKES, delta(before, after, StatsKeys.TLS, StatsKeys.TLS_HANDSHAKES_FULL))
                .put(Metric.TLS_RESUMED_HANDSHAKES, delta(before, after, StatsKeys.TLS, StatsKeys.TLS_HANDSHAKES_RESUMED));
    }

    /**
     * True when the two reads come from different server processes: the store's epoch changed, or
     * (a server that names none) its uptime went back. Uptime alone misses a restart whose new
     * process has run longer than the old one had when {@code before} was read.
     */
    public static boolean restarted(JsonNode before, JsonNode after) {
        long epochBefore = before.path(StatsKeys.STORE).path(StatsKeys.EPOCH).asLong(0);
        long epochAfter = after.path(StatsKeys.STORE).path(StatsKeys.EPOCH).asLong(0);
        if (epochBefore != 0 && epochAfter != 0) {
            return epochBefore != epochAfter;
        }
        return after.get(StatsKeys.UPTIME_MS).asDouble() < before.get(StatsKeys.UPTIME_MS).asDouble();
    }

    /** A /stats document of the same shape with every number zero. */
    private static JsonNode zeroes(JsonNode stats) {
        ObjectNode zero = stats.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = zero.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                ObjectNode inner = (ObjectNode) field.getValue();
                inner.fieldNames().forEachRemaining(name -> inner.put(name, 0));
            } else {
                field.setValue(LongNode.valueOf(0));
            }
        }
        return zero;
    }

    /** A top-level counter's rise; NaN when either read lacks it. */
    private static double delta(JsonNode before, JsonNode after, String key) {
        JsonNode first = before.get(key);
        JsonNode last = after.get(key);
        return first == null || last == null ? Double.NaN : last.asDouble() - first.asDouble();
    }

    private static double delta(JsonNode before, JsonNode after, String key, String counter) {
        return after.get(key).get(counter).asDouble() - before.get(key).get(counter).asDouble();
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }
}
