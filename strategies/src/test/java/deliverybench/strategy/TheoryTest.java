package deliverybench.strategy;

import deliverybench.metric.Metric;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Theory bands on hand-made results: predictions from the workload, flags when outside. */
class TheoryTest {

    private static final double FLOOR_US = 100;
    // 100 clients, 50 msg/s: each user gets 0.5 msg/s. Poll every 0.5 s, wait 10 s.
    private static final Workload WORKLOAD = new Workload(100, 1, 50, 500, 10, FLOOR_US);

    private static Measured measured(Object... metricsAndValues) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        for (int i = 0; i < metricsAndValues.length; i += 2) {
            values.put((Metric) metricsAndValues[i], ((Number) metricsAndValues[i + 1]).doubleValue());
        }
        return metric -> values.getOrDefault(metric, Double.NaN);
    }

    private static List<Prediction> theory(String strategy, Measured measured) {
        return Strategies.byName(strategy).theory(WORKLOAD, measured);
    }

    private static Prediction find(List<Prediction> predictions, Metric metric) {
        return predictions.stream().filter(p -> p.metric() == metric).findFirst().orElseThrow();
    }

    // An LTE-like link: 35 ms up (the sender's), 35 ms down, 10 ms of jitter, a 240 ms RTO.
    private static final Transits LTE = new Transits(35_000, 35_000, 10_000, 240_000);

    @Test
    void onALinkAPushTakesOneTransitUpAndOneDown() {
        Strategy websocket = Strategies.byName("websocket");
        List<Prediction> ok = websocket.theory(WORKLOAD.on(LTE), measured(Metric.LATENCY_P50_US, 74_000,
                Metric.LATENCY_P99_US, 300_000, Metric.REQUESTS_PER_MESSAGE, 0, Metric.WASTED_RATIO, 0));
        assertEquals(70_100, find(ok, Metric.LATENCY_P50_US).predicted(), 1e-6);
        assertTrue(ok.stream().noneMatch(Prediction::flagged), ok.toString());
        // Faster than the light in the link, or a p99 past one RTO's stall: both flagged.
        List<Prediction> wrong = websocket.theory(WORKLOAD.on(LTE), measured(Metric.LATENCY_P50_US, 2_000,
                Metric.LATENCY_P99_US, 900_000, Metric.REQUESTS_PER_MESSAGE, 0, Metric.WASTED_RATIO, 0));
        assertTrue(find(wrong, Metric.LATENCY_P50_US).flagged());
        assertTrue(find(wrong, Metric.LATENCY_P99_US).flagged());
    }

    @Test
    void onALinkLongPollsP99AllowsATransitMoreAndShortPollAddsBothTransits() {
        List<Prediction> longPoll = Strategies.byName("long-poll").theory(WORKLOAD.on(LTE),
                measured(Metric.LATENCY_P99_US, 300_000));
        assertEquals(115_000, find(longPoll, Metric.LATENCY_P99_US).predicted(), 1e-6);
        assertFalse(find(longPoll, Metric.LATENCY_P99_US).flagged());
        List<Prediction> shortPoll = Strategies.byName("short-poll").theory(WORKLOAD.on(LTE), measured());
        assertEquals(250_000 + 70_000 + FLOOR_US, find(shortPoll, Metric.LATENCY_MEAN_US).predicted(), 1e-6);
        // On loopback nothing changes.
        assertEquals(WORKLOAD, WORKLOAD.on(Transits.NONE));
    }

    @Test
    void shortPollPredictsHalfTheIntervalTheRequestRateAndTheEmptyShare() {
        List<Prediction> p = theory("short-poll", measured(Metric.LATENCY_MEAN_US, 260_000, Metric.LATENCY_MAX_US, 505_000,
                Metric.SERVER_REQUESTS_PER_SECOND, 200, Metric.WASTED_RATIO, 0.78));
        assertEquals(250_100, find(p, Metric.LATENCY_MEAN_US).predicted(), 1e-6);
        assertEquals(200, find(p, Metric.SERVER_REQUESTS_PER_SECOND).predicted(), 1e-9);
        assertEquals(Math.exp(-0.25), find(p, Metric.WASTED_RATIO).predicted(), 1e-9);
        assertTrue(p.stream().noneMatch(Prediction::flagged), p.toString());
    }

    @Test
    void aShortPollFarFromItsIntervalIsFlagged() {
        List<Prediction> p = theory("short-poll", measured(Metric.LATENCY_MEAN_US, 3_000_000,
                Metric.SERVER_REQUESTS_PER_SECOND, 120, Metric.WASTED_RATIO, 0.30));
        assertTrue(find(p, Metric.LATENCY_MEAN_US).flagged());
        assertTrue(find(p, Metric.SERVER_REQUESTS_PER_SECOND).flagged());
        assertTrue(find(p, Metric.WASTED_RATIO).flagged());
    }

    @Test
    void longPollWastesOnlyWhenWaitRunsOut() {
        List<Prediction> p = theory("long-poll", measured(Metric.LATENCY_P50_US, 2_000, Metric.WASTED_RATIO, 0.01,
                Metric.SERVER_REQUESTS_PER_SECOND, 50));
        assertEquals(Math.exp(-5), find(p, Metric.WASTED_RATIO).predicted(), 1e-9);
        assertEquals(100 * 0.5 / (1 - Math.exp(-5)), find(p, Metric.SERVER_REQUESTS_PER_SECOND).predicted(), 1e-9);
        assertFalse(find(p, Metric.LATENCY_P50_US).flagged());
        assertFalse(find(p, Metric.LATENCY_MAX_US).flagged(), "the worst case is shown, never flagged");
    }

    @Test
    void theScanningLongPollReadsTheStoreTenTimesASecondPerHeldRequest() {
        // 0.5 msg/s per user: a request is held 2 s per message, read every 100 ms: 20 reads, plus the first.
        List<Prediction> p = theory("long-poll-scan", measured(Metric.STORE_READS_PER_MESSAGE, 19));
        assertEquals(21, find(p, Metric.STORE_READS_PER_MESSAGE).predicted(), 1e-9);
        assertFalse(find(p, Metric.STORE_READS_PER_MESSAGE).flagged());
        assertTrue(find(theory("long-poll-scan", measured(Metric.STORE_READS_PER_MESSAGE, 1)), Metric.STORE_READS_PER_MESSAGE)
                .flagged(), "a scanning long poll that reads once per message is not scanning");
    }

    @Test
    void pushIsFlaggedWhenItMakesRequestsOrIsFarAboveTheFloor() {
        for (Strategy push : Strategies.all()) {
            if (push.kind() != Kind.PUSH) {
                continue;
            }
            List<Prediction> fine = push.theory(WORKLOAD, measured(Metric.LATENCY_P50_US, 1_500,
                    Metric.REQUESTS_PER_MESSAGE, 0, Metric.WASTED_RATIO, 0));
            assertTrue(fine.stream().noneMatch(Prediction::flagged), push.name() + ": " + fine);
            List<Prediction> bad = push.theory(WORKLOAD, measured(Metric.LATENCY_P50_US,
                    FLOOR_US * Theories.PROCESSING_SLACK * 2, Metric.REQUESTS_PER_MESSAGE, 0.5, Metric.WASTED_RATIO, 0));
            assertTrue(find(bad, Metric.LATENCY_P50_US).flagged(), push.name());
            assertTrue(find(bad, Metric.REQUESTS_PER_MESSAGE).flagged(), push.name());
        }
    }

    @Test
    void aMissingMeasurementIsNeverFlagged() {
        for (Strategy strategy : Strategies.all()) {
            assertTrue(strategy.theory(WORKLOAD, Measured.NOTHING).stream().noneMatch(Prediction::flagged), strategy.name());
        }
    }

    @Test
    void everyStrategyHasATheory() {
        for (Strategy strategy : Strategies.all()) {
            assertFalse(strategy.theory(WORKLOAD, Measured.NOTHING).isEmpty(), strategy.name() + " predicts nothing");
        }
    }
}
