package deliverybench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deliverybench.cost.ReferenceCosts;
import deliverybench.metric.Metric;
import deliverybench.results.RecordedOptions;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "At a glance" names every strategy tied for best, states the operating point, and ranks CPU per message only when
 * the run shows it is mostly per-message work.
 */
class GlanceTest {

    /** WebSocket's marginal cost as the cost model measured it; no other strategy's. */
    private static final ReferenceCosts WEBSOCKET_ONLY = new ReferenceCosts("test",
            List.of(new ReferenceCosts.Entry("websocket", -1, 14.43, 112.5, 0.946)));

    private static StrategyResult result(String name, double lost, double p50Us, double cpuUs) {
        return StrategyResult.of(name, Map.of(Metric.LOST.key(), lost, Metric.LATENCY_P50_US.key(), p50Us,
                Metric.SERVER_CPU_US_PER_MESSAGE.key(), cpuUs, Metric.RECONNECTS.key(), 0.0));
    }

    private static final List<StrategyResult> EIGHT = List.of(result("short-poll", 0, 498_100, 331),
            result("long-poll", 0, 610, 653), result("websocket", 0, 578, 708), result("tcp", 0, 523, 565),
            result("sse", 0, 582, 500), result("stream", 0, 523.2, 490), result("mqtt", 0, 700, 600),
            result("xmpp", 0, 900, 800));

    /** A run as run.json holds it, at {@code clients} and {@code rate} for {@code duration}. */
    private static RunResult run(int clients, double rate, String duration, List<StrategyResult> results) {
        ObjectNode options = new ObjectMapper().createObjectNode();
        options.putObject("workload").put("clients", clients).put("rate", rate).put("poll_interval", "1s");
        options.putObject("window").put("duration", duration);
        return new RunResult(RunResult.SCHEMA_VERSION, "now", true, null, new RecordedOptions(options), Map.of(), null,
                results);
    }

    private static String glance(RunResult run) {
        return Glance.html(run.strategies(), run.configuration(), WEBSOCKET_ONLY).replaceAll("</?b>", "");
    }

    @Test
    void aTieAmongAllIsSaidAsOne() {
        assertEquals("all eight, tied at 0", Glance.best(EIGHT, Metric.LOST).replaceAll("</?b>", ""));
        assertTrue(glance(run(200, 100, "30s", EIGHT)).contains("Fewest reconnects: all eight, tied at 0"));
    }

    @Test
    void everyStrategyTiedForBestIsNamedAndNoOtherIs() {
        // tcp 523us and stream 523.2us print alike: the report cannot tell them apart, so neither does the list
        assertEquals("tcp and stream, tied at 523us", Glance.best(EIGHT, Metric.LATENCY_P50_US).replaceAll("</?b>", ""));
        List<StrategyResult> three = List.of(result("websocket", 0, 1, 1), result("tcp", 2, 1, 1), result("sse", 0, 1, 1));
        assertEquals("websocket and sse, tied at 0", Glance.best(three, Metric.LOST).replaceAll("</?b>", ""));
        assertEquals("websocket (1)", Glance.best(List.of(result("websocket", 1, 1, 1), result("tcp", 2, 1, 1)),
                Metric.LOST).replaceAll("</?b>", ""));
        assertEquals("", Glance.best(List.of(StrategyResult.of("tcp", Map.of())), Metric.RECONNECTS));
    }

    @Test
    void theOperatingPointIsStatedWithItsWindow() {
        assertTrue(glance(run(200, 100, "30s", EIGHT))
                .contains("200 clients, 100 msg/s in all (0.5 msg/s per client), a 30 s window"));
    }

    @Test
    void cpuPerMessageMostlyFixedCostIsNotRankedAndSaysWhy() {
        // The quick run: WebSocket's 708 us per message against its 112.5 us marginal cost is 84% fixed cost.
        String html = glance(run(200, 100, "30s", EIGHT));
        assertFalse(html.contains("Least server CPU per message"), html);
        assertTrue(html.contains("Server CPU per message: not ranked"), html);
        assertTrue(html.contains("websocket 708 µs per message here against a marginal cost of 112.5 µs"), html);
        assertTrue(html.contains("84% fixed"), html);
        assertTrue(html.contains("docs/cost-model.md"), html);
    }

    @Test
    void cpuPerMessageMostlyPerMessageWorkIsRankedWithItsTies() {
        // At 2,000 msg/s WebSocket costs 140 us per message: 20% above its marginal cost, so the figure ranks.
        List<StrategyResult> busy = List.of(result("websocket", 0, 578, 140), result("tcp", 0, 523, 140.2),
                result("sse", 0, 582, 180));
        String html = glance(run(2000, 2000, "10s", busy));
        assertTrue(html.contains("Least server CPU per message (µs): websocket and tcp, tied at 140"), html);
        assertTrue(html.contains("websocket 20% fixed"), html);
    }

    @Test
    void withNoMarginalCostKnownTheRunCannotTellAndDoesNotRank() {
        List<StrategyResult> pulls = List.of(result("short-poll", 0, 1, 90), result("long-poll", 0, 1, 100));
        String html = glance(run(2000, 2000, "10s", pulls));
        assertFalse(html.contains("Least server CPU per message"), html);
        assertTrue(html.contains("cannot tell how much of its CPU is fixed cost"), html);
    }

    @Test
    void theShippedReferenceMatchesShortPollOnlyAtTheIntervalItWasMeasuredAt() {
        ReferenceCosts shipped = ReferenceCosts.shipped();
        assertTrue(shipped.find("websocket", 1000).isPresent());
        assertTrue(shipped.find("short-poll", 30_000).isPresent());
        assertFalse(shipped.find("short-poll", 1000).isPresent());
    }
}
