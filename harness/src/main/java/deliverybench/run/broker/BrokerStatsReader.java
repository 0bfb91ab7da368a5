package deliverybench.run.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deliverybench.core.stats.StatsKeys;
import deliverybench.run.server.StatsReader;
import deliverybench.strategy.mqtt.BrokerReference;

import java.io.IOException;

/**
 * A {@code /stats} document for a broker that has none, so that the run's accounting reads it like
 * ours: the broker's wire as its clients counted it (the devices' under its key, the sender's under
 * {@code send}), its process's CPU, threads and resident memory (as {@code heap_used_bytes}) from {@code /proc}.
 */
public final class BrokerStatsReader implements StatsReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrokerReference broker;
    private final Mosquitto process;
    private final long startNanos = System.nanoTime();

    public BrokerStatsReader(BrokerReference broker, Mosquitto process) {
        this.broker = broker;
        this.process = process;
    }

    @Override
    public JsonNode stats() throws IOException {
        BrokerReference.Wire wire = broker.wire();
        ProcessStat stat = ProcessStat.of(process.pid());
        ObjectNode stats = JSON.createObjectNode();
        ObjectNode devices = stats.putObject(broker.statsKey());
        devices.put(StatsKeys.REQUESTS, wire.connects.sum())
                .put(StatsKeys.EMPTY_RESPONSES, 0)
                .put(StatsKeys.MESSAGES_DELIVERED, wire.delivered.sum())
                .put(StatsKeys.BYTES_IN, wire.deliveryBytesIn.sum())
                .put(StatsKeys.BYTES_OUT, wire.deliveryBytesOut.sum())
                .put(StatsKeys.STORE_READS, 0)
                .put(StatsKeys.OPEN_CONNECTIONS, wire.open.sum())
                .put(StatsKeys.QUEUED_MESSAGES, 0);
        stats.putObject(StatsKeys.SEND)
                .put(StatsKeys.REQUESTS, wire.sent.sum())
                .put(StatsKeys.MESSAGES_DELIVERED, wire.sent.sum())
                .put(StatsKeys.BYTES_IN, wire.sendBytesIn.sum())
                .put(StatsKeys.BYTES_OUT, wire.sendBytesOut.sum());
        // The broker is one single-threaded process: all its CPU is its request path.
        stats.put(StatsKeys.CPU_NS, stat.cpuNs())
                .put(StatsKeys.REQUEST_CPU_NS, stat.cpuNs())
                .put(StatsKeys.CORES, Runtime.getRuntime().availableProcessors())
                .put(StatsKeys.HEAP_USED_BYTES, stat.rssBytes())
                .put(StatsKeys.THREADS, stat.threads())
                .put(StatsKeys.UPTIME_MS, (System.nanoTime() - startNanos) / 1_000_000);
        return stats;
    }
}
