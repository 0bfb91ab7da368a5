package deliverybench.cost;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cost fit recovers known coefficients from synthetic grids, tolerates noise and refuses a grid it cannot split. */
class CostFitTest {

    private static final double[] CLIENTS = {200, 2_000, 10_000};
    private static final double[] RATES = {50, 500, 2_000};

    /** The 3 x 3 grid, cost plus Gaussian noise of standard deviation {@code noise} (ms/s). */
    private static List<CostFit.Point> grid(double idle, double marginal, double constant, double noise, long seed) {
        Random random = new Random(seed);
        List<CostFit.Point> points = new ArrayList<>();
        for (double clients : CLIENTS) {
            for (double rate : RATES) {
                double cost = idle * clients + marginal * rate + constant;
                points.add(new CostFit.Point(clients, rate, cost + noise * random.nextGaussian()));
            }
        }
        return points;
    }

    @Test
    void exactPointsGiveTheCoefficientsBack() {
        // short poll at 1 s: 0.2 ms/s per client idle, 0.04 ms per message, 15 ms/s of upkeep
        CostFit fit = CostFit.of(grid(0.2, 0.04, 15, 0, 1));
        assertEquals(0.2, fit.idlePerClient(), 1e-9);
        assertEquals(0.04, fit.marginalPerMessage(), 1e-9);
        assertEquals(15, fit.constant(), 1e-6);
        assertEquals(1, fit.rSquared(), 1e-12);
        fit.residuals().forEach(r -> assertEquals(0, r, 1e-6));
        assertEquals(5.0, fit.crossoverMessagesPerClientPerSecond(), 1e-9);
    }

    @Test
    void noisyPointsGiveThemBackApproximatelyWithAnHonestRSquared() {
        CostFit fit = CostFit.of(grid(0.2, 0.04, 15, 2, 42));
        // 2 ms/s of noise: the coefficients' standard errors are about 2/sqrt(sum of squared deviations)
        assertEquals(0.2, fit.idlePerClient(), 0.002);
        assertEquals(0.04, fit.marginalPerMessage(), 0.005);
        assertTrue(fit.rSquared() > 0.95 && fit.rSquared() < 1, "R^2 " + fit.rSquared());
        assertTrue(fit.residuals().stream().anyMatch(r -> Math.abs(r) > 1e-3), "noise must leave residuals");
        CostFit pure = CostFit.of(grid(0.2, 0.04, 15, 40, 42));
        assertTrue(pure.rSquared() < fit.rSquared(), "more noise, worse fit");
    }

    @Test
    void standardErrorsAreTheTextbookOnesAndSayWhenAnIdleCostIsNotToldApartFromNone() {
        // A 2 x 2 grid whose costs are a pattern no line can follow: the fit is 0, every residual +-1, one degree of
        // freedom, so s^2 = 4; (X'X)^-1 has 1 on the diagonal for both slopes: each standard error is 2.
        List<CostFit.Point> pattern = List.of(new CostFit.Point(0, 0, 1), new CostFit.Point(1, 0, -1),
                new CostFit.Point(0, 1, -1), new CostFit.Point(1, 1, 1));
        CostFit flat = CostFit.of(pattern);
        assertEquals(0, flat.idlePerClient(), 1e-12);
        assertEquals(2, flat.idleStdError(), 1e-9);
        assertEquals(2, flat.marginalStdError(), 1e-9);
        assertTrue(!flat.idleResolved(), "an idle cost of 0 +- 2 is not told apart from none");
        // Exact points: no error, and a non-zero idle cost is resolved.
        CostFit exact = CostFit.of(grid(0.2, 0.04, 15, 0, 1));
        assertEquals(0, exact.idleStdError(), 1e-9);
        assertTrue(exact.idleResolved());
        // The errors grow with the noise, in proportion: the same draws, ten times larger.
        CostFit small = CostFit.of(grid(0.0, 0.04, 15, 2, 7));
        CostFit large = CostFit.of(grid(0.0, 0.04, 15, 20, 7));
        assertEquals(10, large.idleStdError() / small.idleStdError(), 1e-6);
        assertEquals(10, large.marginalStdError() / small.marginalStdError(), 1e-6);
        // A true idle cost of zero under noise: its estimate lies within about two errors, and is not resolved.
        assertTrue(Math.abs(large.idlePerClient()) < 3 * large.idleStdError(), large.toString());
    }

    @Test
    void aGridWhereClientsAndRateMoveTogetherIsRefusedClearly() {
        List<CostFit.Point> diagonal = List.of(new CostFit.Point(200, 50, 10), new CostFit.Point(2_000, 500, 100),
                new CostFit.Point(10_000, 2_500, 500), new CostFit.Point(400, 100, 20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CostFit.of(diagonal));
        assertTrue(e.getMessage().contains("degenerate grid"), e.getMessage());
        List<CostFit.Point> oneClientCount = List.of(new CostFit.Point(200, 50, 10), new CostFit.Point(200, 500, 30),
                new CostFit.Point(200, 2_000, 90), new CostFit.Point(200, 1_000, 50));
        assertThrows(IllegalArgumentException.class, () -> CostFit.of(oneClientCount));
        assertThrows(IllegalArgumentException.class, () -> CostFit.of(grid(1, 1, 1, 0, 1).subList(0, 3)));
    }

    @Test
    void theCrossoverIsWhereTwoStrategiesCostTheSamePerClient() {
        CostFit shortPoll = new CostFit(0.2, 0.04, 0, 1, List.of());
        CostFit push = new CostFit(0.01, 0.03, 0, 1, List.of());
        double rate = shortPoll.crossoverAgainst(push);
        assertEquals(-19.0, rate, 1e-9); // push is cheaper at every rate: the lines cross only at a negative rate
        CostFit cheapPoll = new CostFit(0.2, 0.01, 0, 1, List.of());
        double perClient = cheapPoll.crossoverAgainst(push);
        assertEquals(cheapPoll.predict(1, perClient), push.predict(1, perClient), 1e-12);
        assertTrue(Double.isNaN(push.crossoverAgainst(push)));
    }
}
