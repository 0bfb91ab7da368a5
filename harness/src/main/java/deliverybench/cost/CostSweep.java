package deliverybench.cost;

import deliverybench.measure.Saturation;
import deliverybench.metric.Metric;
import deliverybench.results.CostModel;
import deliverybench.results.CostPoint;
import deliverybench.results.StrategyResult;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One strategy's cost-model sweep: a whole run at each point of the grid (clients x message rates), each point judged
 * (a saturated one measures the limit, not the cost, and is left out), then the fit of each cost over the points kept.
 */
public final class CostSweep {

    /**
     * The warming point's window: it is left out of the fit, so only its warm-up (which waits for the JIT) matters; a
     * window as long as the grid's cost a tenth of a whole cost scenario for nothing.
     */
    public static final Duration WARMING_WINDOW = Duration.ofSeconds(2);

    /** Runs one point of the grid. */
    @FunctionalInterface
    public interface Step {
        /**
         * @param index   the point's place in the grid; {@link #grid()}'s size for the warming point
         */
        StrategyResult run(int clients, double rate, int index) throws IOException, InterruptedException;
    }

    /**
     * What the sweep found.
     *
     * @param model          the points, the fits and theory's idle cost
     * @param representative the result the run's table shows for the strategy: its busiest point kept (the last point
     *                       when none was), under the strategy's own name, with the messages lost at every point
     */
    public record Outcome(CostModel model, StrategyResult representative, StrategyResult representativePoint) {
    }

    private final List<Integer> clients;
    private final List<Double> rates;
    private final Consumer<String> progress;
    private final SweepEta eta;

    /** @param eta the whole run's progress, shared by every strategy's sweep */
    public CostSweep(List<Integer> clients, List<Double> rates, Consumer<String> progress, SweepEta eta) {
        this.clients = List.copyOf(clients);
        this.rates = List.copyOf(rates);
        this.progress = progress;
        this.eta = eta;
    }

    /** The points a sweep runs: the grid's, and its busiest point once more first, to warm a fresh server. */
    public static int pointsRun(int gridPoints) {
        return gridPoints + 1;
    }

    /**
     * The grid's points as (clients, rate) in the order they run: slowest rate first and, at each rate, the client
     * counts back and forth (fewest first at the first rate, most first at the next, ...). A server still warming
     * runs a little cheaper with every point; run fewest clients first throughout and that drift lands on the client
     * count: the first sweep on a quiet box (2026-12-05) fitted every push strategy a negative idle cost (WebSocket
     * -35 ms/s per 1,000 clients: 200 clients at 50 msg/s cost 54 ms/s, 2,000 clients, four points later, 25).
     * Back and forth, each client count runs as early on average as the other.
     */
    public List<double[]> grid() {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            for (int j = 0; j < clients.size(); j++) {
                int c = clients.get(i % 2 == 0 ? j : clients.size() - 1 - j);
                points.add(new double[]{c, rates.get(i)});
            }
        }
        return points;
    }

    /** True for the index {@link Step#run} is given for the warming point. */
    public boolean warming(int index) {
        return index == clients.size() * rates.size();
    }

    /** The point that warms a fresh server: the busiest (most clients, highest rate), which runs every path hottest. */
    public double[] warmingPoint() {
        return new double[]{clients.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow()};
    }

    /**
     * Measures every point, then fits.
     *
     * @param theory theory's idle cost, from the points measured (they price a request)
     */
    public Outcome sweep(String name, Step step, Function<List<CostPoint>, CostModel.Theory> theory)
            throws IOException, InterruptedException {
        List<double[]> grid = grid();
        List<CostPoint> points = new ArrayList<>();
        List<StrategyResult> results = new ArrayList<>();
        // A fresh server's first window still runs much of its code interpreted or half-compiled, however long the
        // warm-up waited for the JIT: it costs more than the same load later. So the busiest point runs once first,
        // and is left out: the lightest point (as before) left the server warming through the next three or four
        // points, which then cost more than the same load later in the sweep.
        int firstClients = (int) warmingPoint()[0];
        double firstRate = warmingPoint()[1];
        progress.accept(String.format(Locale.ROOT, "%-14s cost point 0/%d, warming the server: %d clients, %.0f msg/s",
                name, grid.size(), firstClients, firstRate));
        StrategyResult warming = step.run(firstClients, firstRate, grid.size());
        CostPoint cold = judge(firstClients, firstRate, warming);
        points.add(new CostPoint(cold.clients(), cold.askedRate(), cold.deliveredPerSecond(), cold.cpuMsPerS(),
                cold.wireBytesPerS(), cold.requestsPerS(), cold.limit(), false,
                "left out: the fresh server's warming point, run again in its turn"));
        results.add(warming);
        progress.accept(say(name, points.get(0)) + "; " + eta.pointDone());
        for (int i = 0; i < grid.size(); i++) {
            int c = (int) grid.get(i)[0];
            double rate = grid.get(i)[1];
            progress.accept(String.format(Locale.ROOT, "%-14s cost point %d/%d: %d clients, %.0f msg/s", name, i + 1,
                    grid.size(), c, rate));
            StrategyResult result = step.run(c, rate, i);
            CostPoint point = judge(c, rate, result);
            points.add(point);
            results.add(result);
            progress.accept(say(name, point) + "; " + eta.pointDone());
        }
        int at = representative(points);
        return new Outcome(model(points, theory), summary(name, results.get(at), results), results.get(at));
    }

    /** The model of points already measured: the fit of each cost over those kept. */
    public static CostModel model(List<CostPoint> points, Function<List<CostPoint>, CostModel.Theory> theory) {
        List<CostPoint> kept = points.stream().filter(CostPoint::kept).toList();
        Map<String, CostModel.Fitted> fits = new LinkedHashMap<>();
        fits.put(CostModel.CPU, fit(kept, CostPoint::cpuMsPerS));
        fits.put(CostModel.WIRE, fit(kept, CostPoint::wireBytesPerS));
        fits.put(CostModel.REQUESTS, fit(kept, CostPoint::requestsPerS));
        return new CostModel(points, fits, theory.apply(kept));
    }

    private static CostModel.Fitted fit(List<CostPoint> kept, java.util.function.ToDoubleFunction<CostPoint> cost) {
        List<CostFit.Point> points = kept.stream().filter(p -> Double.isFinite(cost.applyAsDouble(p)))
                .map(p -> new CostFit.Point(p.clients(), p.deliveredPerSecond(), cost.applyAsDouble(p))).toList();
        if (points.size() < kept.size()) {
            return CostModel.Fitted.failed((kept.size() - points.size()) + " of the " + kept.size()
                    + " points kept did not measure it");
        }
        return Costs.fitted(points);
    }

    /**
     * Kept, or left out and why: a point where the server's CPU or the machine's cores were saturated, where the
     * driver could not send the rate asked, or where messages were lost measures a limit, not what the load costs.
     * A driver that only delayed its sends (its latency is not the server's alone) still sent the whole rate: its
     * cost stands.
     */
    public static CostPoint judge(int clients, double askedRate, StrategyResult result) {
        double cpu = Costs.PER_SECOND.get(CostModel.CPU).applyAsDouble(result);
        double wire = Costs.PER_SECOND.get(CostModel.WIRE).applyAsDouble(result);
        double requests = Costs.PER_SECOND.get(CostModel.REQUESTS).applyAsDouble(result);
        double delivered = result.get(Metric.DELIVERED_PER_SECOND);
        double achieved = result.get(Metric.SEND_RATE_ACHIEVED);
        double asked = result.get(Metric.SEND_RATE_ASKED);
        double lost = result.get(Metric.LOST);
        String limit = result.limit();
        String reason = "";
        boolean kept = false;
        if ("server".equals(limit)) {
            reason = "left out: the server was saturated";
        } else if ("shared cores".equals(limit)) {
            reason = "left out: the server and the driver saturated the machine's cores together";
        } else if (achieved < Saturation.SHORTFALL * asked) {
            reason = String.format(Locale.ROOT, "left out: the driver sent %.0f of the %.0f msg/s asked", achieved, asked);
        } else if (lost > 0) {
            reason = String.format(Locale.ROOT, "left out: %.0f lost, not a steady state", lost);
        } else if (!Double.isFinite(delivered) || !Double.isFinite(cpu)) {
            reason = "left out: its rate or its CPU was not measured";
        } else {
            kept = true;
            reason = "driver".equals(limit) ? "kept: the driver delayed sends but sent the whole rate" : "";
        }
        return new CostPoint(clients, askedRate, delivered, cpu, wire, requests, limit, kept, reason);
    }

    /** The busiest point kept (most clients, then highest rate); the last point when none was kept. */
    static int representative(List<CostPoint> points) {
        Comparator<CostPoint> busiest = Comparator.comparingInt(CostPoint::clients).thenComparingDouble(CostPoint::askedRate);
        int best = -1;
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).kept() && (best < 0 || busiest.compare(points.get(i), points.get(best)) > 0)) {
                best = i;
            }
        }
        return best < 0 ? points.size() - 1 : best;
    }

    /** The representative point's figures under the strategy's name, with what was lost anywhere in the sweep. */
    private static StrategyResult summary(String name, StrategyResult at, List<StrategyResult> all) {
        Map<String, Double> metrics = new LinkedHashMap<>(at.metrics());
        metrics.put(Metric.LOST.key(), all.stream().mapToDouble(r -> r.get(Metric.LOST)).filter(Double::isFinite).sum());
        return StrategyResult.of(name, at.limit(), metrics);
    }

    private static String say(String name, CostPoint p) {
        return String.format(Locale.ROOT, "%-14s cost point %d clients, %.0f msg/s: CPU %.1f ms/s, %.0f B/s on the wire, "
                        + "%.0f requests/s (limited by %s; %s)", name, p.clients(), p.askedRate(), p.cpuMsPerS(),
                p.wireBytesPerS(), p.requestsPerS(), p.limit(), p.kept() ? (p.reason().isEmpty() ? "kept" : p.reason())
                        : p.reason());
    }
}
