package deliverybench.ab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The U test and the ratio interval against reference values from SciPy 1.17
 * ({@code mannwhitneyu(b, a, alternative='greater')}; for ties, {@code permutation_test} over every split).
 */
class MannWhitneyTest {

    @Test
    void clearlySeparatedSamplesGiveTheSmallestExactP() {
        double[] a = {1, 2, 3, 4, 5};
        double[] b = {6, 7, 8, 9, 10};
        assertEquals(1.0 / 252, MannWhitney.pGreater(a, b), 1e-12);   // scipy: 0.003968253968253968
        assertEquals(MannWhitney.smallestP(5, 5), MannWhitney.pGreater(a, b), 1e-12);
        assertEquals(1.0, MannWhitney.pGreater(b, a), 1e-12);
    }

    @Test
    void noDifferenceGivesALargeP() {
        double[] a = {1, 2, 3, 4, 5};
        assertEquals(0.5873015873015873, MannWhitney.pGreater(a, a.clone()), 1e-12);  // every value tied in pairs
    }

    @Test
    void tiesAreExactByMidranks() {
        double[] a = {1, 1, 2, 2, 3};
        double[] b = {2, 2, 3, 3, 4};
        assertEquals(0.09523809523809523, MannWhitney.pGreater(a, b), 1e-12);
    }

    @Test
    void allValuesTiedIsNoEvidence() {
        double[] same = {7, 7, 7, 7, 7, 7};
        assertEquals(1.0, MannWhitney.pGreater(same, same.clone()), 1e-12);
    }

    @Test
    void largeSamplesUseTheNormalApproximation() {
        double[] a = new double[15];
        double[] b = new double[15];
        for (int i = 0; i < 15; i++) {
            a[i] = 10 + i * 0.7;
            b[i] = 12 + i * 0.65;
        }
        assertTrue(MannWhitney.splits(15, 15) > MannWhitney.EXACT_LIMIT);
        assertEquals(0.07923230299910178, MannWhitney.pGreater(a, b), 2e-4);
    }

    @Test
    void theNormalApproximationCorrectsForTies() {
        double[] a = {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5};
        double[] b = {2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6};
        assertEquals(0.0166768340576775, MannWhitney.pGreater(a, b), 2e-4);
    }

    @Test
    void threeRoundsASideCanNeverReachFivePercent() {
        assertEquals(0.05, MannWhitney.smallestP(3, 3), 1e-12);
        assertEquals(1.0 / 70, MannWhitney.smallestP(4, 4), 1e-12);
        assertEquals(4, deliverybench.ab.AbComparison.roundsNeeded(1, 0.05));
        assertEquals(5, deliverybench.ab.AbComparison.roundsNeeded(6, 0.05));
    }

    @Test
    void uCountsPairsAndHalvesTies() {
        assertEquals(25, MannWhitney.u(new double[]{1, 2, 3, 4, 5}, new double[]{6, 7, 8, 9, 10}));
        assertEquals(0.5, MannWhitney.u(new double[]{1}, new double[]{1}));
    }

    @Test
    void theRatioIntervalIsSeededAndHoldsTheRatio() {
        double[] a = {100, 102, 98, 101, 99, 100};
        double[] b = {125, 128, 122, 126, 124, 125};
        RatioInterval first = RatioInterval.of(a, b, 0.95);
        assertEquals(first, RatioInterval.of(a, b, 0.95));
        assertEquals(1.25, first.ratio(), 1e-9);
        assertTrue(first.low() > 1.15 && first.low() <= 1.25 && first.high() >= 1.25 && first.high() < 1.35,
                first.toString());
        RatioInterval same = RatioInterval.of(a, a.clone(), 0.95);
        assertTrue(same.low() < 1 && same.high() > 1, same.toString());
    }

    @Test
    void aRatioOverZeroIsNotANumber() {
        assertTrue(Double.isNaN(RatioInterval.of(new double[]{0, 0}, new double[]{1, 2}, 0.95).ratio()));
        assertTrue(Double.isNaN(RatioInterval.of(new double[0], new double[]{1}, 0.95).low()));
    }
}
