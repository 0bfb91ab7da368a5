package deliverybench.driver;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns what a strategy run observed (ledger, histograms, two {@code /stats} reads) into named metrics. */
final class Metrics {

    private final Map<String, Double> values = new LinkedHashMap<>();

    Metrics put(String name, double value) {
        values.put(name, value);
        return this;
    }

    Metrics latency(String prefix, Histogram ns) {
        put(prefix + "p50_us", us(ns.getValueAtPercentile(50)));
        put(prefix + "p90_us", us(ns.getValueAtPercentile(90)));
        put(prefix + "p99_us", us(ns.getValueAtPercentile(99)));
        put(prefix + "p999_us", us(ns.getValueAtPercentile(99.9)));
        put(prefix + "max_us", us(ns.getMaxValue()));
        put(prefix + "mean_us", ns.getTotalCount() == 0 ? Double.NaN : ns.getMean() / 1_000.0);
        return this;
    }

    /** The server's cost in the measured window, from two reads of {@code /stats}. */
    Metrics server(String key, JsonNode before, JsonNode after, double seconds) {
        if (restarted(before, after)) {
            // The server restarted (--chaos restart): its counters began again at zero.
            seconds = Math.min(seconds, after.get("uptime_ms").asDouble() / 1_000);
            before = zeroes(after);
        }
        double requests = delta(before, after, key, "requests");
        double empty = delta(before, after, key, "empty_responses");
        double delivered = delta(before, after, key, "messages_delivered");
        double bytes = delta(before, after, key, "bytes_in") + delta(before, after, key, "bytes_out");
        double reads = delta(before, after, key, "store_reads");
        double cpuNs = after.get("cpu_ns").asDouble() - before.get("cpu_ns").asDouble();
        double sendBytes = delta(before, after, "send", "bytes_in") + delta(before, after, "send", "bytes_out");
        double sends = delta(before, after, "send", "messages_delivered");
        put("server_messages_delivered", delivered);
        put("server_requests_per_second", requests / seconds);
        put("empty_responses", empty);
        put("wasted_ratio", requests == 0 ? 0 : empty / requests);
        put("requests_per_message", ratio(requests, delivered));
        put("bytes_per_message", ratio(bytes, delivered));
        put("store_reads_per_message", ratio(reads, delivered));
        put("server_cpu_us_per_message", ratio(cpuNs / 1_000.0, delivered));
        put("send_bytes_per_message", ratio(sendBytes, sends));
        put("server_threads", after.get("threads").asDouble());
        put("server_heap_bytes", after.get("heap_used_bytes").asDouble());
        put("server_open_connections", after.get(key).get("open_connections").asDouble());
        return this;
    }

    /**
     * True when the two reads come from different server processes: the store's epoch changed, or
     * (a server that names none) its uptime went back. Uptime alone misses a restart whose new
     * process has run longer than the old one had when {@code before} was read.
     */
    static boolean restarted(JsonNode before, JsonNode after) {
        long epochBefore = before.path("store").path("epoch").asLong(0);
        long epochAfter = after.path("store").path("epoch").asLong(0);
        if (epochBefore != 0 && epochAfter != 0) {
            return epochBefore != epochAfter;
        }
        return after.get("uptime_ms").asDouble() < before.get("uptime_ms").asDouble();
    }

    /** A /stats document of the same shape with every number zero. */
    private static JsonNode zeroes(JsonNode stats) {
        com.fasterxml.jackson.databind.node.ObjectNode zero = stats.deepCopy();
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = zero.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                com.fasterxml.jackson.databind.node.ObjectNode inner = (com.fasterxml.jackson.databind.node.ObjectNode) field.getValue();
                inner.fieldNames().forEachRemaining(name -> inner.put(name, 0));
            } else {
                field.setValue(com.fasterxml.jackson.databind.node.LongNode.valueOf(0));
            }
        }
        return zero;
    }

    Map<String, Double> values() {
        return values;
    }

    private static double delta(JsonNode before, JsonNode after, String key, String counter) {
        return after.get(key).get(counter).asDouble() - before.get(key).get(counter).asDouble();
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    static double us(long ns) {
        return ns / 1_000.0;
    }
}
