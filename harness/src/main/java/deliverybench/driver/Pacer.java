package deliverybench.driver;

import org.HdrHistogram.Histogram;

/**
 * Sends on the schedule, open loop: each message goes at its intended time whatever happened to the
 * ones before, and a late send is sent at once (never skipped, never re-spaced), so a stall shows
 * in latency measured from the intended time instead of silently thinning the load.
 */
public final class Pacer {

    /** Waits until a clock time; the real one parks, a test's advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepUntil(long nanoTime) throws InterruptedException;
    }

    /** Does one send; {@code intendedNs} is the clock time it was scheduled for. */
    @FunctionalInterface
    public interface SendAction {
        void send(long intendedNs, int recipient);
    }

    private final NanoClock clock;
    private final Sleeper sleeper;
    private final Histogram lagNs = new Histogram(3_600_000_000_000L, 3);
    private volatile long sent;
    private long lagFromNs;
    private boolean lagFromSet;

    public Pacer(NanoClock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Parks the calling thread until the time (spinning for the last 50 µs, where parking is too coarse). */
    public static Sleeper parkingSleeper(NanoClock clock) {
        return until -> {
            long left;
            while ((left = until - clock.nanoTime()) > 50_000) {
                java.util.concurrent.locks.LockSupport.parkNanos(left - 50_000);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            while (until - clock.nanoTime() > 0) {
                Thread.onSpinWait();
            }
        };
    }

    /** Records lag only for sends intended at or after this time (warm-up sends are not the steady state). */
    public void recordLagFrom(long intendedNs) {
        this.lagFromNs = intendedNs;
        this.lagFromSet = true;
    }

    /** Sends every message of the schedule with an intended time in {@code [startNs, endNs)}. */
    public void run(SendSchedule schedule, long startNs, long endNs, SendAction action) throws InterruptedException {
        while (true) {
            long intendedNs = startNs + schedule.nextOffsetNs();
            int recipient = schedule.nextRecipient();
            if (intendedNs - endNs >= 0) {
                return;
            }
            if (clock.nanoTime() - intendedNs < 0) {
                sleeper.sleepUntil(intendedNs);
            }
            if (!lagFromSet || intendedNs - lagFromNs >= 0) {
                lagNs.recordValue(Math.max(0, clock.nanoTime() - intendedNs));
            }
            action.send(intendedNs, recipient);
            sent++;
        }
    }

    /** How late sends left, from their intended time. Read after {@link #run} returns. */
    public Histogram lagNs() {
        return lagNs;
    }

    public long sent() {
        return sent;
    }
}
