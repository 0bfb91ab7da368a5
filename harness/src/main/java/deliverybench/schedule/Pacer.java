package deliverybench.schedule;

import org.HdrHistogram.Histogram;

/**
 * Sends on the schedule, open loop: each message goes at its intended time whatever happened to the
 * ones before, and a late send is sent at once (never skipped, never re-spaced), so a stall shows
 * in latency measured from the intended time instead of silently thinning the load. Between sends it
 * runs the window's {@link Ticks} on the same thread, so that one clock drives a whole run.
 */
public final class Pacer {

    /** Does one send; {@code intendedNs} is the clock time it was scheduled for. */
    @FunctionalInterface
    public interface SendAction {
        void send(long intendedNs, int recipient);
    }

    /** Work due at fixed times between sends; it must be quick, since sends wait for it. */
    public interface Ticks {
        /** No more ticks. */
        long NONE = Long.MAX_VALUE;

        /** The time of the next tick, or {@link #NONE}. */
        long nextNs();

        /** Runs the tick due at {@code tickNs}; afterwards {@link #nextNs} names the following one. */
        void run(long tickNs) throws InterruptedException;
    }

    private static final Ticks NO_TICKS = new Ticks() {
        @Override
        public long nextNs() {
            return NONE;
        }

        @Override
        public void run(long tickNs) {
        }
    };

    private final RunClock clock;
    private final Histogram lagNs = new Histogram(3_600_000_000_000L, 3);
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
    }

    /** Sends every message of the schedule with an intended time in {@code [startNs, endNs)}. */
    public void run(SendSchedule schedule, long startNs, long endNs, SendAction action) throws InterruptedException {
        run(schedule, startNs, endNs, action, NO_TICKS);
    }

    /**
     * Sends every message of the schedule with an intended time in {@code [startNs, endNs)} and runs
     * every tick due up to {@code endNs} inclusive; a send and a tick due at once: the send first.
     */
    public void run(SendSchedule schedule, long startNs, long endNs, SendAction action, Ticks ticks)
            throws InterruptedException {
        long intendedNs = startNs + schedule.nextOffsetNs();
        int recipient = schedule.nextRecipient();
        while (true) {
            long tickNs = ticks.nextNs();
            boolean sendLeft = intendedNs - endNs < 0;
            boolean tickLeft = tickNs != Ticks.NONE && tickNs - endNs <= 0;
            if (!sendLeft && !tickLeft) {
                return;
            }
            if (sendLeft && (!tickLeft || intendedNs - tickNs <= 0)) {
                if (clock.nanoTime() - intendedNs < 0) {
                    clock.sleepUntil(intendedNs);
                }
                if (!lagFromSet || intendedNs - lagFromNs >= 0) {
                    lagNs.recordValue(Math.max(0, clock.nanoTime() - intendedNs));
                }
                action.send(intendedNs, recipient);
                sent++;
                intendedNs = startNs + schedule.nextOffsetNs();
                recipient = schedule.nextRecipient();
            } else {
                if (clock.nanoTime() - tickNs < 0) {
                    clock.sleepUntil(tickNs);
                }
                ticks.run(tickNs);
            }
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
