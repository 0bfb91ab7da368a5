package deliverybench.report;

import deliverybench.metric.Metric;
import deliverybench.results.StrategyResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "At a glance" names every strategy tied for best and never ranks CPU per message from one run. */
class GlanceTest {

    private static StrategyResult result(String name, double lost, double p50Us, double cpuUs) {
        return StrategyResult.of(name, Map.of(Metric.LOST.key(), lost, Metric.LATENCY_P50_US.key(), p50Us,
                Metric.SERVER_CPU_US_PER_MESSAGE.key(), cpuUs));
    }

    private static final List<StrategyResult> SIX = List.of(result("short-poll", 0, 498_100, 331),
            result("long-poll", 0, 610, 653), result("websocket", 0, 578, 708), result("tcp", 0, 523, 565),
            result("sse", 0, 582, 500), result("stream", 0, 523.2, 490));

    @Test
    void aTieAmongAllIsSaidAsOne() {
        assertEquals("all six (0)", Glance.best(SIX, Metric.LOST).replaceAll("</?b>", ""));
    }

    @Test
    void everyStrategyTiedForBestIsNamedAndNoOtherIs() {
        // tcp 523us and stream 523.2us print alike: the report cannot tell them apart, so neither does the list
        assertEquals("tcp, stream (523us)", Glance.best(SIX, Metric.LATENCY_P50_US).replaceAll("</?b>", ""));
        assertEquals("websocket (1)", Glance.best(List.of(result("websocket", 1, 1, 1), result("tcp", 2, 1, 1)),
                Metric.LOST).replaceAll("</?b>", ""));
        assertEquals("", Glance.best(List.of(StrategyResult.of("tcp", Map.of())), Metric.RECONNECTS));
    }

    @Test
    void cpuPerMessageIsNotRankedAndTheCostModelIsNamedInstead() {
        String html = Glance.html(SIX, null);
        assertFalse(html.contains("Least server CPU per message"), html);
        assertFalse(html.contains("(331)"), html);
        assertTrue(html.contains("Server CPU per message: not ranked") && html.contains("docs/cost-model.md"), html);
        assertTrue(html.contains("Fewest lost: all six"), html);
    }
}
