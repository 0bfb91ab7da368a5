package deliverybench.cost;

import deliverybench.results.CostModel;
import deliverybench.results.CostPoint;
import deliverybench.results.StrategyResult;
import deliverybench.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
    void theGridIsEveryClientCountByEveryRateFewestClientsAndSlowestRateFirst() {
        List<double[]> grid = new CostSweep(List.of(200, 2000), List.of(50.0, 500.0, 2000.0), line -> { }, eta()).grid();
        assertEquals(6, grid.size());
        assertEquals(List.of("200x50", "200x500", "200x2000", "2000x50", "2000x500", "2000x2000"),
                grid.stream().map(p -> (int) p[0] + "x" + (int) p[1]).toList());
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
        // The first point ran twice: the cold server's run is left out.
        assertEquals(7, out.model().points().size());
        assertFalse(out.model().points().get(0).kept());
        assertTrue(out.model().points().get(0).reason().contains("first point"), out.model().points().get(0).reason());
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
        List<CostPoint> points = out.model().points().subList(1, 10);
        assertEquals(10, out.model().points().size());
        assertEquals(List.of(true, false, true, true, true, false, true, false, false),
                points.stream().map(CostPoint::kept).toList());
        assertTrue(points.get(1).reason().contains("3 lost"), points.get(1).reason());
        assertTrue(points.get(2).reason().contains("sent the whole rate"), points.get(2).reason());
        assertTrue(points.get(5).reason().contains("sent 1500 of the 2000"), points.get(5).reason());
        assertTrue(points.get(7).reason().contains("cores"), points.get(7).reason());
        assertTrue(points.get(8).reason().contains("server was saturated"), points.get(8).reason());
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
