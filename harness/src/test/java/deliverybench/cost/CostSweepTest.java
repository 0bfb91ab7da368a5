package deliverybench.cost;

import deliverybench.results.CostModel;
import deliverybench.results.CostPoint;
import deliverybench.results.StrategyResult;
import deliverybench.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep's grid, its judging of points, and the fit over the points kept, on synthetic results. */
class CostSweepTest {

    // Short poll at 1 s on a made-up server: 0.05 ms/s per client (one 50 us request a second), 0.03 ms per message.
    private static final double IDLE = 0.05;
    private static final double MARGINAL = 0.03;
    private static final double CONSTANT = 8;

    private static StrategyResult exact(int clients, double rate) {
        return CostPoints.result("none", rate, IDLE * clients + MARGINAL * rate + CONSTANT, 100.0 * rate + 500.0 * clients,
                clients + rate);
    }

    @Test
    void theGridIsEveryClientCountByEveryRateSlowestRateFirstAndTheClientCountsBackAndForth() {
        CostSweep sweep = new CostSweep(List.of(200, 2000), List.of(50.0, 500.0, 2000.0), line -> { }, eta());
        List<double[]> grid = sweep.grid();
        assertEquals(6, grid.size());
        assertEquals(List.of("200x50", "2000x50", "2000x500", "200x500", "200x2000", "2000x2000"),
                grid.stream().map(p -> (int) p[0] + "x" + (int) p[1]).toList());
        // Each client count runs as early on average as the other (positions 0+3+4 and 1+2+5): a server that keeps
        // warming through the sweep cannot put its drift on the client count.
        int small = 0;
        int large = 0;
        for (int i = 0; i < grid.size(); i++) {
            if (grid.get(i)[0] == 200) {
                small += i;
            } else {
                large += i;
            }
        }
        assertTrue(Math.abs(small - large) <= 1, small + " against " + large);
        assertEquals("2000x2000", (int) sweep.warmingPoint()[0] + "x" + (int) sweep.warmingPoint()[1]);
    }

    @Test
    void aSweepOfExactPointsGivesTheCoefficientsBackAndSaysWhereItStands() throws Exception {
        List<String> lines = new ArrayList<>();
        AtomicLong nowNs = new AtomicLong();
        SweepEta eta = new SweepEta(14, nowNs::get);
        CostSweep.Outcome out = new CostSweep(List.of(200, 2000), List.of(50.0, 500.0, 2000.0), lines::add, eta)
                .sweep("short-poll", (clients, rate, index) -> {
                    nowNs.addAndGet(10_000_000_000L);
                    return exact(clients, rate);
                }, kept -> IdleTheory.of(Strategies.find("short-poll"), 1, 1000, 30, kept));
        CostModel.Fitted cpu = out.model().cpu();
        assertEquals(IDLE, cpu.idlePerClient(), 1e-9);
        assertEquals(MARGINAL, cpu.marginalPerMessage(), 1e-9);
        assertEquals(CONSTANT, cpu.constant(), 1e-6);
        assertEquals(1, cpu.rSquared(), 1e-9);
        assertEquals(IDLE / MARGINAL, cpu.crossoverMsgPerClientPerS(), 1e-9);
        assertEquals(500, out.model().fits().get(CostModel.WIRE).idlePerClient(), 1e-6);
        assertEquals(100, out.model().fits().get(CostModel.WIRE).marginalPerMessage(), 1e-6);
        assertEquals(1, out.model().fits().get(CostModel.REQUESTS).idlePerClient(), 1e-9);
        // Theory: one request per client per second at 1 s, priced at what a request a second adds (0.05 ms here).
        assertEquals(1, out.model().theory().idleRequestsPerClientPerS(), 1e-9);
        assertEquals(IDLE, out.model().theory().idleCpuMsPerClientPerS(), 1e-6);
        // The table shows the busiest point, under the strategy's own name.
        assertEquals("short-poll", out.representative().strategy());
        assertEquals(2000, out.representative().get(deliverybench.metric.Metric.DELIVERED_PER_SECOND), 1e-9);
        // Progress per point, with what is left of the whole run's 12 points at 10 s each.
        assertTrue(lines.contains("short-poll     cost point 1/6: 200 clients, 50 msg/s"), lines.toString());
        assertTrue(lines.get(lines.size() - 1).endsWith("7 of 14 points, about 1m10s left"), lines.get(lines.size() - 1));
        // The busiest point ran first, to warm the server, and is left out.
        assertEquals(7, out.model().points().size());
        assertFalse(out.model().points().get(0).kept());
        assertEquals(2000, out.model().points().get(0).clients());
        assertEquals(2000, out.model().points().get(0).askedRate(), 1e-9);
        assertTrue(out.model().points().get(0).reason().contains("warming point"), out.model().points().get(0).reason());
    }

    @Test
    void saturatedPointsAreLeftOutAndDoNotBendTheFit() throws Exception {
        CostSweep.Outcome out = new CostSweep(List.of(200, 2000, 5000), List.of(50.0, 500.0, 2000.0), line -> { }, eta())
                .sweep("websocket", (clients, rate, index) -> {
                    if (clients == 5000 && rate == 2000) {
                        // The server at 100% of a core: far below what the line says, as a saturated server is.
                        return CostPoints.result("server", 2000, 1100, 0, 950, 1, 0);
                    }
                    if (clients == 5000 && rate == 500) {
                        return CostPoints.result("shared cores", rate, rate, 0, 10, 1, 0);
                    }
                    if (clients == 2000 && rate == 2000) {
                        // The driver sent 1500 of 2000.
                        return CostPoints.result("driver", 2000, 1500, 0, 10, 1, 0);
                    }
                    if (clients == 200 && rate == 500) {
                        return CostPoints.result("none", 500, 500, 3, 10, 1, 0);
                    }
                    if (clients == 200 && rate == 2000) {
                        // Only late: the whole rate went out, so its cost stands.
                        StrategyResult late = exact(clients, rate);
                        return StrategyResult.of(late.strategy(), "driver", late.metrics());
                    }
                    return exact(clients, rate);
                }, kept -> IdleTheory.of(Strategies.find("websocket"), 1, 1000, 30, kept));
        assertEquals(10, out.model().points().size());
        Map<String, CostPoint> at = new HashMap<>();
        for (CostPoint p : out.model().points().subList(1, 10)) {
            at.put(p.clients() + "x" + (int) p.askedRate(), p);
        }
        assertEquals(9, at.size());
        assertEquals(Set.of("2000x2000", "200x500", "5000x500", "5000x2000"), at.entrySet().stream()
                .filter(e -> !e.getValue().kept()).map(Map.Entry::getKey).collect(Collectors.toSet()));
        assertTrue(at.get("200x500").reason().contains("3 lost"), at.get("200x500").reason());
        assertTrue(at.get("200x2000").kept());
        assertTrue(at.get("200x2000").reason().contains("sent the whole rate"), at.get("200x2000").reason());
        assertTrue(at.get("2000x2000").reason().contains("sent 1500 of the 2000"), at.get("2000x2000").reason());
        assertTrue(at.get("5000x500").reason().contains("cores"), at.get("5000x500").reason());
        assertTrue(at.get("5000x2000").reason().contains("server was saturated"), at.get("5000x2000").reason());
        assertEquals(5, at.values().stream().filter(CostPoint::kept).count());
        CostModel.Fitted cpu = out.model().cpu();
        assertEquals(IDLE, cpu.idlePerClient(), 1e-9);
        assertEquals(MARGINAL, cpu.marginalPerMessage(), 1e-9);
        assertEquals(5, cpu.residuals().size());
        // The busiest point kept, and every lost message of the sweep.
        assertEquals(50, out.representative().get(deliverybench.metric.Metric.DELIVERED_PER_SECOND), 1e-9);
        assertEquals(3, out.representative().get(deliverybench.metric.Metric.LOST), 1e-9);
        // A push: no request while idle, so theory's idle CPU is zero.
        assertEquals(0, out.model().theory().idleCpuMsPerClientPerS());
    }

    @Test
    void tooFewPointsKeptGiveNoFitAndSayWhy() throws Exception {
        CostSweep.Outcome out = new CostSweep(List.of(200, 2000), List.of(50.0, 500.0), line -> { }, eta())
                .sweep("tcp", (clients, rate, index) -> clients == 2000 && rate == 500
                        ? CostPoints.result("server", 500, 500, 0, 990, 1, 0) : exact(clients, rate),
                        kept -> IdleTheory.of(Strategies.find("tcp"), 1, 1000, 30, kept));
        CostModel.Fitted cpu = out.model().cpu();
        assertFalse(cpu.ok());
        assertTrue(cpu.error().contains("at least 4 points"), cpu.error());
        // The table shows the busiest point kept: 2,000 clients at 50 msg/s, not the saturated 2,000 at 500.
        assertEquals(50, out.representative().get(deliverybench.metric.Metric.DELIVERED_PER_SECOND), 1e-9);
        assertEquals(3, out.model().points().stream().filter(CostPoint::kept).count());
        assertEquals(5, out.model().points().size());
    }

    @Test
    void theEtaIsTheTimePerPointSoFarTimesThePointsToGo() {
        AtomicLong nowNs = new AtomicLong();
        SweepEta eta = new SweepEta(10, nowNs::get);
        nowNs.set(30_000_000_000L);
        assertEquals("1 of 10 points, about 4m30s left", eta.pointDone());
        nowNs.set(40_000_000_000L);
        assertEquals("2 of 10 points, about 2m40s left", eta.pointDone());
        assertEquals("45s", SweepEta.duration(45));
    }

    private static SweepEta eta() {
        return new SweepEta(100, System::nanoTime);
    }
}
