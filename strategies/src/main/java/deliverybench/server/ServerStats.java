package deliverybench.server;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;

/** Every counter of {@code /stats}: one {@link StrategyCounters} per strategy and the process's own figures. */
public final class ServerStats {

    private final Map<Strategy, StrategyCounters> counters = new EnumMap<>(Strategy.class);
    private final long startNanos = System.nanoTime();

    public ServerStats() {
        for (Strategy strategy : Strategy.values()) {
            counters.put(strategy, new StrategyCounters());
        }
    }

    public StrategyCounters of(Strategy strategy) {
        return counters.get(strategy);
    }

    /** Writes the {@code /stats} document. */
    public void write(JsonGenerator json, long storeReadsTotal, long subscribers, long epoch,
                      java.util.function.ToLongFunction<StrategyCounters> unacked) throws IOException {
        json.writeStartObject();
        for (Strategy strategy : Strategy.values()) {
            StrategyCounters c = counters.get(strategy);
            json.writeObjectFieldStart(strategy.key());
            json.writeNumberField("requests", c.requests());
            json.writeNumberField("empty_responses", c.emptyResponses());
            json.writeNumberField("messages_delivered", c.messagesDelivered());
            json.writeNumberField("bytes_in", c.bytesIn());
            json.writeNumberField("bytes_out", c.bytesOut());
            json.writeNumberField("store_reads", c.storeReads());
            json.writeNumberField("open_connections", c.openConnections());
            if (strategy == Strategy.WEBSOCKET || strategy == Strategy.TCP) {
                // A gauge, not a counter: messages written and not yet acknowledged by the client.
                json.writeNumberField("unacked_messages", unacked.applyAsLong(c));
            }
            json.writeEndObject();
        }
        // The process figures sit at the top level, beside the strategies.
        json.writeNumberField("cpu_ns", processCpuNanos());
        json.writeNumberField("heap_used_bytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        json.writeNumberField("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        json.writeNumberField("uptime_ms", (System.nanoTime() - startNanos) / 1_000_000);
        json.writeObjectFieldStart("store");
        json.writeNumberField("store_reads", storeReadsTotal);
        json.writeNumberField("subscribers", subscribers);
        json.writeNumberField("epoch", epoch);
        json.writeEndObject();
        json.writeEndObject();
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
