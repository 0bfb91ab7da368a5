package deliverybench.schedule;

import java.util.concurrent.locks.LockSupport;

/**
 * The clock a run is driven by: it tells the time and waits for a time. The real one parks the
 * thread; a test's scripted one jumps to the time, running what was scheduled before it.
 */
public interface RunClock extends NanoClock {

    /** Returns at or after {@code nanoTime}. */
    void sleepUntil(long nanoTime) throws InterruptedException;

    /**
     * The JVM's clock: parks until shortly before the time, then yields and spins the rest, as JLBH and
     * wrk2 do, because {@code parkNanos} returns late (on the shared 2-core VM measured 86-117 us at p50,
     * 9-19 ms at p99 under load). The spin window is bounded so a driver that shares its cores does not
     * burn one: see {@link #spinWindowNs}.
     */
    RunClock SYSTEM = new RunClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long until) throws InterruptedException {
            // A real-time pacer wakes on time without it, and its spin would hold the core from every normal thread.
            long spinNs = PacerPriority.raisedHere() ? SPIN_MIN_NS : spinWindowNs(until - System.nanoTime());
            long left;
            while ((left = until - System.nanoTime()) > spinNs) {
                LockSupport.parkNanos(left - spinNs);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            while ((left = until - System.nanoTime()) > 0) {
                if (left > YIELD_UNDER_NS) {
                    // Another runnable thread on this core gets it; with none, yield returns at once.
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    };

    /** The most the clock spins before a time: a little over parkNanos's usual lateness on this VM. */
    long SPIN_MAX_NS = 150_000;
    /** The least: parking closer than this is too coarse anyway. */
    long SPIN_MIN_NS = 20_000;
    /** The share of a wait the clock may spin: at most a fifth of a core, whatever the rate. */
    double SPIN_SHARE = 0.2;
    /** Closer to the time than this, the spin no longer yields. */
    long YIELD_UNDER_NS = 10_000;

    /** How long before a time the clock stops parking and spins, for a wait of {@code waitNs}. */
    static long spinWindowNs(long waitNs) {
        return Math.max(SPIN_MIN_NS, Math.min(SPIN_MAX_NS, (long) (SPIN_SHARE * Math.max(0, waitNs))));
    }
}
