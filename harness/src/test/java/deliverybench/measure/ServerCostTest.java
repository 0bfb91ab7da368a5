package deliverybench.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.metric.Metric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's cost from two /stats reads, also when a restart lies between them. */
class ServerCostTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode stats(long epoch, long uptimeMs, long requests, long empty, long delivered) throws Exception {
        String strategy = "{\"requests\":" + requests + ",\"empty_responses\":" + empty + ",\"messages_delivered\":" + delivered
                + ",\"bytes_in\":0,\"bytes_out\":0,\"store_reads\":" + requests + ",\"open_connections\":1}";
        return JSON.readTree("{\"short_poll\":" + strategy + ",\"send\":" + strategy
                + ",\"cpu_ns\":1000000,\"heap_used_bytes\":1,\"threads\":9,\"uptime_ms\":" + uptimeMs
                + (epoch == 0 ? "" : ",\"store\":{\"store_reads\":0,\"subscribers\":0,\"epoch\":" + epoch + "}") + "}");
    }

    @Test
    void aNewEpochIsARestartEvenWhenTheNewProcessHasRunLonger() throws Exception {
        // Read 3 s into the old server's life; the new one has run 5 s when the window ends.
        JsonNode before = stats(7, 3_000, 500, 400, 100);
        JsonNode after = stats(8, 5_000, 200, 150, 50);
        assertTrue(ServerCost.restarted(before, after));
        MetricValues metrics = new MetricValues();
        ServerCost.put(metrics, "short_poll", before, after, 10);
        assertEquals(0.75, metrics.get(Metric.WASTED_RATIO), 1e-9, "only the new server's counters count");
        assertEquals(40, metrics.get(Metric.SERVER_REQUESTS_PER_SECOND), 1e-9, "200 requests in its 5 s");
        assertFalse(ServerCost.restarted(before, stats(7, 9_000, 900, 700, 200)));
        // A server without an epoch (contract v1): uptime going back is the only sign.
        assertTrue(ServerCost.restarted(stats(0, 3_000, 1, 1, 1), stats(0, 1_000, 1, 1, 1)));
        assertFalse(ServerCost.restarted(stats(0, 3_000, 1, 1, 1), stats(0, 5_000, 1, 1, 1)));
    }
}
