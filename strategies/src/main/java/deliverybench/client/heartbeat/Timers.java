package deliverybench.client.heartbeat;

/** Where a connection's heartbeat timers go: its I/O thread's one timer queue in a run, scripted time in a test. */
public interface Timers {

    /** A timer that may be cancelled. */
    interface Timer {
        void cancel();
    }

    long nanoTime();

    /** Runs {@code task} on the connection's thread {@code delayNs} from now. */
    Timer after(long delayNs, Runnable task);

    /** An XNIO I/O thread's timers (shared by every connection on that thread: no thread or wheel per connection). */
    static Timers of(org.xnio.XnioIoThread thread) {
        return new Timers() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Timer after(long delayNs, Runnable task) {
                org.xnio.XnioExecutor.Key key = thread.executeAfter(task, Math.max(1, delayNs / 1_000_000),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                return key::remove;
            }
        };
    }
}
