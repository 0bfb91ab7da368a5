package deliverybench.schedule;

import org.HdrHistogram.Histogram;

/**
 * Sends on the schedule, open loop: each message goes at its intended time whatever happened to the
 * ones before, and a late send is sent at once (never skipped, never re-spaced), so a stall shows
 * in latency measured from the intended time instead of silently thinning the load. Between sends it
 * runs the window's {@link Ticks} on the same thread, so that one clock drives a whole run.
 */
public final class Pacer {

    /** Does one send to its recipients; {@code intendedNs} is the clock time it was scheduled for. */
    @FunctionalInterface
    public interface SendAction {
        void send(long intendedNs, int[] recipients);
    }

    /** Work due at fixed times between sends, and the end of sending, which a tick may move. */
    public interface Ticks {
        /** No more ticks. */
        long NONE = Long.MAX_VALUE;

        /** The time of the next tick, or {@link #NONE}. */
        long nextNs();

        /** Runs the tick due at {@code tickNs}; it must be quick, since sends wait for it. */
        void run(long tickNs) throws InterruptedException;

        /** Sends are intended before this time; a tick may change it (a window that opens once the server is warm). */
        long endNs();
    }

    /** No ticks, and a fixed end. */
    public static Ticks until(long endNs) {
        return new Ticks() {
            @Override
            public long nextNs() {
                return NONE;
            }

            @Override
            public void run(long tickNs) {
            }

            @Override
            public long endNs() {
                return endNs;
            }
        };
    }

    private final RunClock clock;
    private final Histogram lagNs = new Histogram(3_600_000_000_000L, 3);
    private final Histogram wakeLateNs = new Histogram(3_600_000_000_000L, 3);
    private final Histogram tickHoldNs = new Histogram(3_600_000_000_000L, 3);
    private volatile long sent;
    private long lagFromNs;
    private boolean lagFromSet;

    public Pacer(RunClock clock) {
        this.clock = clock;
    }

    /** Records lag only for sends intended at or after this time (warm-up sends are not the steady state). */
    public void recordLagFrom(long intendedNs) {
        this.lagFromNs = intendedNs;
        this.lagFromSet = true;
        // What was recorded before (the warm-up's sends) is not the steady state either.
        lagNs.reset();
        wakeLateNs.reset();
        tickHoldNs.reset();
    }

    /** Sends every message of the schedule with an intended time in {@code [startNs, endNs)}. */
    public void run(SendSchedule schedule, long startNs, long endNs, SendAction action) throws InterruptedException {
        run(schedule, startNs, action, until(endNs));
    }

    /**
     * Sends every message of the schedule intended from {@code startNs} up to the ticks' end, and runs
     * every tick due up to that end inclusive; a send and a tick due at once: the send first.
     */
    public void run(SendSchedule schedule, long startNs, SendAction action, Ticks ticks) throws InterruptedException {
        long intendedNs = startNs + schedule.nextOffsetNs();
        int[] recipients = schedule.nextRecipients();
        while (true) {
            long endNs = ticks.endNs();
            long tickNs = ticks.nextNs();
            boolean sendLeft = intendedNs - endNs < 0;
            boolean tickLeft = tickNs != Ticks.NONE && tickNs - endNs <= 0;
            if (!sendLeft && !tickLeft) {
                return;
            }
            if (sendLeft && (!tickLeft || intendedNs - tickNs <= 0)) {
                boolean slept = clock.nanoTime() - intendedNs < 0;
                if (slept) {
                    clock.sleepUntil(intendedNs);
                }
                if (!lagFromSet || intendedNs - lagFromNs >= 0) {
                    long lag = Math.max(0, clock.nanoTime() - intendedNs);
                    lagNs.recordValue(lag);
                    if (slept) {
                        wakeLateNs.recordValue(lag);
                    }
                }
                action.send(intendedNs, recipients);
                sent++;
                intendedNs = startNs + schedule.nextOffsetNs();
                recipients = schedule.nextRecipients();
            } else {
                if (clock.nanoTime() - tickNs < 0) {
                    clock.sleepUntil(tickNs);
                }
                long tickStartNs = clock.nanoTime();
                ticks.run(tickNs);
                if (lagFromSet && tickNs - lagFromNs >= 0) {
                    tickHoldNs.recordValue(Math.max(0, clock.nanoTime() - tickStartNs));
                }
            }
        }
    }

    /** How late sends left, from their intended time. Read after {@link #run} returns. */
    public Histogram lagNs() {
        return lagNs;
    }

    /** How late the clock woke the pacer for a send it waited for: the wake-up part of {@link #lagNs}. */
    public Histogram wakeLateNs() {
        return wakeLateNs;
    }

    /** How long each tick of the measured window held the pacer's thread (sends wait for it). */
    public Histogram tickHoldNs() {
        return tickHoldNs;
    }

    /** Sends handed to the action so far. */
    public long sent() {
        return sent;
    }
}
