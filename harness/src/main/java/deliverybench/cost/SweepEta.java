package deliverybench.cost;

import java.util.Locale;
import java.util.function.LongSupplier;

/** How far a sweep is and how long it has left: the time per point so far, times the points to go. */
public final class SweepEta {

    private final int totalPoints;
    private final LongSupplier nanoClock;
    private final long startNs;
    private int done;

    /** @param nanoClock the clock, passed in so a test can script it */
    public SweepEta(int totalPoints, LongSupplier nanoClock) {
        this.totalPoints = totalPoints;
        this.nanoClock = nanoClock;
        this.startNs = nanoClock.getAsLong();
    }

    /** Counts one more point done and says where the sweep stands: {@code 3 of 12 points, about 2m15s left}. */
    public synchronized String pointDone() {
        done++;
        long elapsedNs = nanoClock.getAsLong() - startNs;
        long leftS = Math.round(elapsedNs / 1e9 / done * Math.max(0, totalPoints - done));
        return String.format(Locale.ROOT, "%d of %d points, about %s left", done, totalPoints, duration(leftS));
    }

    static String duration(long seconds) {
        return seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }
}
