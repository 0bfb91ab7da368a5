package deliverybench.schedule;

import java.util.concurrent.locks.LockSupport;

/**
 * The clock a run is driven by: it tells the time and waits for a time. The real one parks the
 * thread; a test's scripted one jumps to the time, running what was scheduled before it.
 */
public interface RunClock extends NanoClock {

    /** Returns at or after {@code nanoTime}. */
    void sleepUntil(long nanoTime) throws InterruptedException;

    /** The JVM's clock, parking until a time and spinning for the last 50 us, where parking is too coarse. */
    RunClock SYSTEM = new RunClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long until) throws InterruptedException {
            long left;
            while ((left = until - System.nanoTime()) > 50_000) {
                LockSupport.parkNanos(left - 50_000);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            while (until - System.nanoTime() > 0) {
                Thread.onSpinWait();
            }
        }
    };
}
