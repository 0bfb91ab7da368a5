package deliverybench.ab;

import java.util.Arrays;

/**
 * The Mann-Whitney U test, one-sided: how likely B's values rank this high above A's if both came from one
 * distribution. Exact (every split of the pooled values enumerated, ties by midranks) while there are at most
 * {@link #EXACT_LIMIT} splits; otherwise the normal approximation with tie and continuity corrections.
 */
public final class MannWhitney {

    /** The most splits the exact test enumerates: C(20, 10) is 184,756, so ten rounds a side stay exact. */
    static final long EXACT_LIMIT = 200_000;

    private MannWhitney() {
    }

    /** The one-sided p-value of "B is larger than A"; 1 when either sample is empty. */
    public static double pGreater(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            return 1;
        }
        double[] ranks = midranks(a, b);
        double rankSumB = 0;
        for (int i = a.length; i < ranks.length; i++) {
            rankSumB += ranks[i];
        }
        return splits(a.length, b.length) <= EXACT_LIMIT ? exact(ranks, b.length, rankSumB)
                : normal(ranks, a.length, b.length, rankSumB);
    }

    /**
     * The smallest one-sided p-value any outcome can give with these sample sizes, 1 / C(nA + nB, nA): with
     * four rounds a side it is 1/70, with three 1/20, so that three cannot pass a 0.05 test at all.
     */
    public static double smallestP(int nA, int nB) {
        return nA == 0 || nB == 0 ? 1 : 1.0 / splits(nA, nB);
    }

    /** U of B over A: the pairs (a, b) with b > a, ties counting a half. */
    public static double u(double[] a, double[] b) {
        double u = 0;
        for (double y : b) {
            for (double x : a) {
                u += y > x ? 1 : y == x ? 0.5 : 0;
            }
        }
        return u;
    }

    /** The pooled midranks, A's first then B's, 1-based. */
    static double[] midranks(double[] a, double[] b) {
        int n = a.length + b.length;
        double[] pooled = new double[n];
        System.arraycopy(a, 0, pooled, 0, a.length);
        System.arraycopy(b, 0, pooled, a.length, b.length);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(pooled[i], pooled[j]));
        double[] ranks = new double[n];
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && pooled[order[end + 1]] == pooled[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    /** The share of all ways to pick B's ranks from the pool whose sum is at least the observed one. */
    private static double exact(double[] ranks, int nB, double observed) {
        long[] counts = new long[2];
        choose(ranks, 0, nB, 0, observed - 1e-9, counts);
        return (double) counts[0] / counts[1];
    }

    private static void choose(double[] ranks, int from, int left, double sum, double threshold, long[] counts) {
        if (left == 0) {
            counts[1]++;
            if (sum >= threshold) {
                counts[0]++;
            }
            return;
        }
        for (int i = from; i <= ranks.length - left; i++) {
            choose(ranks, i + 1, left - 1, sum + ranks[i], threshold, counts);
        }
    }

    private static double normal(double[] ranks, int nA, int nB, double rankSumB) {
        double n = nA + nB;
        double u = rankSumB - nB * (nB + 1) / 2.0;
        double mean = nA * (double) nB / 2;
        double variance = nA * (double) nB / 12 * ((n + 1) - tieTerm(ranks) / (n * (n - 1)));
        if (variance <= 0) {
            return 1;  // every value tied: no evidence either way
        }
        double z = (u - mean - 0.5) / Math.sqrt(variance);
        return 1 - standardNormalCdf(z);
    }

    /** The sum over tied groups of t^3 - t. */
    private static double tieTerm(double[] ranks) {
        double[] sorted = ranks.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (int start = 0; start < sorted.length; ) {
            int end = start;
            while (end + 1 < sorted.length && sorted[end + 1] == sorted[start]) {
                end++;
            }
            double t = end - start + 1;
            sum += t * t * t - t;
            start = end + 1;
        }
        return sum;
    }

    static long splits(int nA, int nB) {
        long result = 1;
        int k = Math.min(nA, nB);
        for (int i = 1; i <= k; i++) {
            result = result * (nA + nB - k + i) / i;
            if (result > EXACT_LIMIT * 1000) {
                return Long.MAX_VALUE;
            }
        }
        return result;
    }

    /** Phi(z), by the complementary error function (Numerical Recipes' erfc, error below 1.2e-7). */
    static double standardNormalCdf(double z) {
        double x = -z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return 0.5 * (x >= 0 ? erfc : 2 - erfc);
    }
}
