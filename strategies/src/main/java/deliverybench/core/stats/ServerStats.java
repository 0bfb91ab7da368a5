package deliverybench.core.stats;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/** Every counter of {@code /stats}: one {@link StrategyCounters} per key the strategies book to, {@code send}, and the process's own figures. */
public final class ServerStats {

    private final Map<String, StrategyCounters> counters = new LinkedHashMap<>();
    private final Set<String> acking;
    private final ThreadCpu cpu;
    private final long startNanos = System.nanoTime();
    // Under TLS the wire counters are kept apart from the plaintext ones; without, they are the same bytes.
    private volatile boolean wireMetered;

    /**
     * @param keys   the strategies' counter keys, in the order {@code /stats} lists them ({@code send} is added last)
     * @param acking the keys whose clients ack, which get the {@code unacked_messages} gauge
     */
    public ServerStats(List<String> keys, Set<String> acking, String workerName) {
        for (String key : keys) {
            counters.putIfAbsent(key, new StrategyCounters());
        }
        counters.putIfAbsent(StatsKeys.SEND, new StrategyCounters());
        this.acking = Set.copyOf(acking);
        this.cpu = new ThreadCpu(workerName);
    }

    /** From now on, {@code wire_bytes_*} are counted below TLS rather than equal to {@code bytes_*}. */
    public void meterWire() {
        wireMetered = true;
    }

    /** The counters booked under {@code key}, or null when no strategy declared it. */
    public StrategyCounters find(String key) {
        return counters.get(key);
    }

    /** The counters booked under {@code key}; fails for a key no strategy declared. */
    public StrategyCounters of(String key) {
        StrategyCounters found = counters.get(key);
        if (found == null) {
            throw new IllegalArgumentException("no counters named '" + key + "' in /stats; known: " + counters.keySet());
        }
        return found;
    }

    /** Writes the {@code /stats} document, with {@code extra}'s fields last (null for none). */
    public void write(JsonGenerator json, long storeReadsTotal, long subscribers, long epoch,
                      ToLongFunction<StrategyCounters> unacked, ToLongFunction<StrategyCounters> queued,
                      StatsSection extra) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, StrategyCounters> entry : counters.entrySet()) {
            StrategyCounters c = entry.getValue();
            json.writeObjectFieldStart(entry.getKey());
            json.writeNumberField(StatsKeys.REQUESTS, c.requests());
            json.writeNumberField(StatsKeys.EMPTY_RESPONSES, c.emptyResponses());
            // The contract's one key: stored for send, written for a strategy; the other is 0 under each key.
            json.writeNumberField(StatsKeys.MESSAGES_DELIVERED, c.messagesStored() + c.messagesWritten());
            json.writeNumberField(StatsKeys.BYTES_IN, c.bytesIn());
            json.writeNumberField(StatsKeys.BYTES_OUT, c.bytesOut());
            json.writeNumberField(StatsKeys.WIRE_BYTES_IN, wireMetered ? c.wireBytesIn.sum() : c.bytesIn());
            json.writeNumberField(StatsKeys.WIRE_BYTES_OUT, wireMetered ? c.wireBytesOut.sum() : c.bytesOut());
            json.writeNumberField(StatsKeys.STORE_READS, c.storeReads());
            json.writeNumberField(StatsKeys.OPEN_CONNECTIONS, c.openConnections());
            json.writeNumberField(StatsKeys.AUTH_REFUSED, c.authRefused());
            json.writeNumberField(StatsKeys.QUEUED_MESSAGES, queued.applyAsLong(c));
            if (acking.contains(entry.getKey())) {
                // A gauge, not a counter: messages written and not yet acknowledged by the client.
                json.writeNumberField(StatsKeys.UNACKED_MESSAGES, unacked.applyAsLong(c));
            }
            json.writeEndObject();
        }
        // The process figures sit at the top level, beside the strategies.
        ThreadCpu.Split split = cpu.sample();
        json.writeNumberField(StatsKeys.CPU_NS, split.processNs());
        json.writeNumberField(StatsKeys.REQUEST_CPU_NS, split.requestNs());
        json.writeNumberField(StatsKeys.JIT_CPU_NS, split.jitNs());
        json.writeNumberField(StatsKeys.GC_CPU_NS, split.gcNs());
        json.writeNumberField(StatsKeys.JIT_COMPILE_MS, split.jitCompileMs());
        json.writeNumberField(StatsKeys.GC_PAUSE_MS, split.gcPauseMs());
        json.writeNumberField(StatsKeys.CORES, Runtime.getRuntime().availableProcessors());
        json.writeNumberField(StatsKeys.HEAP_USED_BYTES, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        json.writeNumberField(StatsKeys.THREADS, ManagementFactory.getThreadMXBean().getThreadCount());
        json.writeNumberField(StatsKeys.UPTIME_MS, (System.nanoTime() - startNanos) / 1_000_000);
        json.writeObjectFieldStart(StatsKeys.STORE);
        json.writeNumberField(StatsKeys.STORE_READS, storeReadsTotal);
        json.writeNumberField(StatsKeys.SUBSCRIBERS, subscribers);
        json.writeNumberField(StatsKeys.EPOCH, epoch);
        json.writeEndObject();
        if (extra != null) {
            extra.write(json);
        }
        json.writeEndObject();
    }
}
