package deliverybench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Theory bands on hand-made results: predictions from the configuration, flags when outside. */
class TheoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // 100 clients, 50 msg/s: each user gets 0.5 msg/s. Poll every 0.5 s, wait 10 s.
    private static final JsonNode CONFIG = JSON.valueToTree(Map.of("clients", 100, "devices", 1,
            "rate_per_second", 50, "poll_interval_ms", 500, "poll_wait_s", 10));
    private static final double FLOOR_US = 100;

    private static Prediction find(List<Prediction> predictions, String metric) {
        return predictions.stream().filter(p -> p.metric().equals(metric)).findFirst().orElseThrow();
    }

    @Test
    void shortPollPredictsHalfTheIntervalTheRequestRateAndTheEmptyShare() {
        List<Prediction> p = Theory.predict("short-poll", CONFIG, FLOOR_US, JSON.valueToTree(Map.of(
                "latency_mean_us", 260_000, "latency_max_us", 505_000,
                "server_requests_per_second", 200, "wasted_ratio", 0.78)));
        assertEquals(250_100, find(p, "latency_mean_us").predicted(), 1e-6);
        assertEquals(200, find(p, "server_requests_per_second").predicted(), 1e-9);
        assertEquals(Math.exp(-0.25), find(p, "wasted_ratio").predicted(), 1e-9);
        assertTrue(p.stream().noneMatch(Prediction::flagged), p.toString());
    }

    @Test
    void aShortPollFarFromItsIntervalIsFlagged() {
        List<Prediction> p = Theory.predict("short-poll", CONFIG, FLOOR_US, JSON.valueToTree(Map.of(
                "latency_mean_us", 3_000_000, "server_requests_per_second", 120, "wasted_ratio", 0.30)));
        assertTrue(find(p, "latency_mean_us").flagged());
        assertTrue(find(p, "server_requests_per_second").flagged());
        assertTrue(find(p, "wasted_ratio").flagged());
    }

    @Test
    void longPollWastesOnlyWhenWaitRunsOut() {
        List<Prediction> p = Theory.predict("long-poll", CONFIG, FLOOR_US, JSON.valueToTree(Map.of(
                "latency_p50_us", 2_000, "wasted_ratio", 0.01, "server_requests_per_second", 50)));
        assertEquals(Math.exp(-5), find(p, "wasted_ratio").predicted(), 1e-9);
        assertEquals(100 * 0.5 / (1 - Math.exp(-5)), find(p, "server_requests_per_second").predicted(), 1e-9);
        assertFalse(find(p, "latency_p50_us").flagged());
        assertFalse(find(p, "latency_max_us").flagged(), "the worst case is shown, never flagged");
    }

    @Test
    void pushIsFlaggedWhenItMakesRequestsOrIsFarAboveTheFloor() {
        List<Prediction> fine = Theory.predict("websocket", CONFIG, FLOOR_US, JSON.valueToTree(Map.of(
                "latency_p50_us", 1_500, "requests_per_message", 0, "wasted_ratio", 0)));
        assertTrue(fine.stream().noneMatch(Prediction::flagged));
        List<Prediction> bad = Theory.predict("tcp", CONFIG, FLOOR_US, JSON.valueToTree(Map.of(
                "latency_p50_us", FLOOR_US * Theory.PROCESSING_SLACK * 2, "requests_per_message", 0.5, "wasted_ratio", 0)));
        assertTrue(find(bad, "latency_p50_us").flagged());
        assertTrue(find(bad, "requests_per_message").flagged());
    }

    @Test
    void aMissingMeasurementIsNeverFlagged() {
        assertTrue(Theory.predict("short-poll", CONFIG, FLOOR_US, JSON.createObjectNode()).stream().noneMatch(Prediction::flagged));
    }
}
