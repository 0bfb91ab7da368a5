package deliverybench.core.stats;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every registered strategy has its counters in {@code /stats}, the acking ones with their unacked gauge. */
class RegistryStatsTest {

    @Test
    void everyStrategyIsCountedInStats() {
        try (TestServer server = new TestServer()) {
            JsonNode stats = server.stats();
            for (Strategy strategy : Strategies.all()) {
                JsonNode counters = stats.get(strategy.statsKey());
                assertTrue(counters != null && counters.isObject(), strategy.name() + " has no counters in " + stats);
                for (String key : new String[]{StatsKeys.REQUESTS, StatsKeys.EMPTY_RESPONSES, StatsKeys.MESSAGES_DELIVERED,
                        StatsKeys.BYTES_IN, StatsKeys.BYTES_OUT, StatsKeys.STORE_READS, StatsKeys.OPEN_CONNECTIONS}) {
                    assertEquals(0, counters.get(key).asLong(), strategy.name() + " " + key);
                }
                assertEquals(strategy.acks(), counters.has(StatsKeys.UNACKED_MESSAGES), strategy.name() + " unacked gauge");
            }
            assertTrue(stats.get(StatsKeys.SEND).isObject());
        }
    }
}
