package deliverybench.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deliverybench.strategy.Workload;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A run's options as run.json holds them, for {@code report}: grouped as {@code run} writes them
 * ({@code {"workload": {"clients": 100, ...}, "window": {"duration": "5s", ...}}}), or flat with units in the keys as
 * run.json files before the option groups hold them ({@code {"clients": 100, "duration_ms": 5000}}).
 */
public final class RecordedOptions {

    private final ObjectNode json;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RecordedOptions(ObjectNode json) {
        this.json = json;
    }

    /** The options of a run, written as they are (each group under its name, each option under its field's). */
    public static RecordedOptions of(Object options) {
        return new RecordedOptions(ResultFiles.tree(options));
    }

    @JsonValue
    public ObjectNode json() {
        return json;
    }

    /** True for the flat layout of the files written before the option groups. */
    private boolean flat() {
        return json.has("clients");
    }

    private JsonNode get(String group, String key, String flatKey) {
        return flat() ? json.path(flatKey) : json.path(group).path(key);
    }

    private long millis(String group, String key, String flatMsKey) {
        if (flat()) {
            return json.path(flatMsKey).asLong();
        }
        JsonNode value = json.path(group).path(key);
        return value.isTextual() ? DurationText.parse(value.asText()).toMillis() : value.asLong();
    }

    public int clients() { return get("workload", "clients", "clients").asInt(); }
    public int devices() { return get("workload", "devices", "devices").asInt(); }
    public double ratePerSecond() { return get("workload", "rate", "rate_per_second").asDouble(); }
    public int fanout() { return get("workload", "fanout", "fanout").asInt(1); }
    public int payloadBytes() { return get("workload", "payload", "payload_bytes").asInt(); }
    public String arrival() { return get("workload", "arrival", "arrival").asText().toLowerCase(Locale.ROOT); }
    /** The resume contract of the receivers, 2 when not recorded. */
    public int contract() { return get("workload", "contract", "contract").asInt(2); }
    public long pollIntervalMs() { return millis("workload", "poll_interval", "poll_interval_ms"); }
    public long pollWaitS() {
        return flat() ? json.path("poll_wait_s").asLong() : Duration.ofMillis(millis("workload", "poll_wait", "")).toSeconds();
    }
    public long durationMs() { return millis("window", "duration", "duration_ms"); }
    public long warmupMs() { return millis("window", "warmup", "warmup_ms"); }
    public String sendVia() {
        JsonNode via = get("sending", "send_via", "send_via");
        return via.isMissingNode() || via.isNull() ? "http" : via.asText().toLowerCase(Locale.ROOT);
    }

    /** What the theory is computed from, with the run's loopback floor. */
    public Workload workload(double floorUs) {
        Workload workload = new Workload(clients(), devices(), ratePerSecond(), pollIntervalMs(), pollWaitS(), floorUs);
        String network = json.path("network").path("network").asText(null);
        if (network == null) {
            return workload;
        }
        String sender = json.path("network").path("sender_network").asText(network);
        return workload.on(deliverybench.link.LinkProfile.transits(deliverybench.link.LinkProfile.parse(network),
                deliverybench.link.LinkProfile.parse(sender)));
    }

    /** The workload in one line, for people. */
    public String describe() {
        int fanout = fanout();
        String wire = deliverybench.options.TlsOptions.describe(json.path("tls").path("tls").asBoolean(false),
                json.path("tls").path("http2").asBoolean(false));
        return String.format(Locale.ROOT, "%d clients x %d devices, %s msg/s %s%s, %d B, %d ms measured after "
                        + "at least %d ms warm-up; short poll every %d ms, long poll wait %d s; sent over %s%s",
                clients(), devices(), trim(ratePerSecond()), arrival(), fanout > 1 ? " to " + fanout + " recipients each" : "",
                payloadBytes(), durationMs(), warmupMs(), pollIntervalMs(), pollWaitS(), sendVia(),
                wire.isEmpty() ? "" : "; over " + wire);
    }

    /** Every option, key by key ({@code group.key} in the grouped layout), for pages that list them. */
    public Map<String, Object> entries() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (flat()) {
            out.putAll(ResultFiles.asMap(json));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> groups = json.fields(); groups.hasNext(); ) {
            Map.Entry<String, JsonNode> group = groups.next();
            ResultFiles.asMap(group.getValue()).forEach((key, value) -> out.put(group.getKey() + "." + key, value));
        }
        return out;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
