package deliverybench.ab;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ratio of B's median to A's and its percentile bootstrap interval: each side resampled with replacement,
 * the ratio of the resamples' medians taken {@link #RESAMPLES} times, from a fixed seed so that a gate's
 * table is the same each time it is computed from the same rounds.
 */
public record RatioInterval(double ratio, double low, double high) {

    static final int RESAMPLES = 4_000;
    static final long SEED = 26;

    /** NaN throughout when a side is empty or A's median is not above zero (the ratio means nothing then). */
    public static RatioInterval of(double[] a, double[] b, double confidence) {
        if (a.length == 0 || b.length == 0 || !(median(a) > 0)) {
            return new RatioInterval(Double.NaN, Double.NaN, Double.NaN);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] ratios = new double[RESAMPLES];
        double[] ra = new double[a.length];
        double[] rb = new double[b.length];
        int kept = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            resample(a, ra, random);
            resample(b, rb, random);
            double denominator = median(ra);
            if (denominator > 0) {
                ratios[kept++] = median(rb) / denominator;
            }
        }
        double[] sorted = Arrays.copyOf(ratios, kept);
        Arrays.sort(sorted);
        double tail = (1 - confidence) / 2;
        return new RatioInterval(median(b) / median(a), quantile(sorted, tail), quantile(sorted, 1 - tail));
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static void resample(double[] from, double[] into, SplittableRandom random) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[random.nextInt(from.length)];
        }
    }

    /** The type-7 (linear) quantile of sorted values. */
    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
