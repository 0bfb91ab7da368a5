package deliverybench.driver;

import org.xnio.XnioIoThread;

import java.util.concurrent.TimeUnit;

/** Reconnect delays for one receiver: 50 ms doubling to 2 s, back to 50 ms after a success. */
final class Backoff {

    private static final long FIRST_MS = 50;
    private static final long MAX_MS = 2_000;
    private long nextMs = FIRST_MS;

    void succeeded() {
        nextMs = FIRST_MS;
    }

    void schedule(XnioIoThread thread, Runnable task) {
        long delay = nextMs;
        nextMs = Math.min(MAX_MS, nextMs * 2);
        thread.executeAfter(task, delay, TimeUnit.MILLISECONDS);
    }
}
