package deliverybench.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for the state a test asserts on: polls a condition until it holds or a deadline passes, then fails with a message. */
public final class Await {
    private static final long POLL_MS = 10;

    private Await() {
    }

    /** Returns once {@code condition} holds; fails with {@code message} (read at the deadline) when it has not held within {@code deadline}. */
    public static void until(BooleanSupplier condition, Duration deadline, Supplier<String> message) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + deadline.toMillis() + " ms: " + message.get());
            }
            pause();
        }
    }

    /** The same with a fixed message. */
    public static void until(BooleanSupplier condition, Duration deadline, String message) {
        until(condition, deadline, () -> message);
    }

    /**
     * Waits until {@code value} returns {@code expected} and returns it; fails with the last value seen when it does not
     * within {@code deadline}.
     */
    public static <T> T untilEquals(T expected, Supplier<T> value, Duration deadline, String what) {
        Object[] last = new Object[1];
        until(() -> {
            last[0] = value.get();
            return expected.equals(last[0]);
        }, deadline, () -> what + ": expected " + expected + ", last " + last[0]);
        return expected;
    }

    /** A condition that may throw, as one that opens a connection does; a throw fails the wait at once. */
    @FunctionalInterface
    public interface Probe {
        boolean holds() throws Exception;
    }

    /** {@link #until} for a probe that may throw: the throw fails the wait with {@code message}. */
    public static void untilProbe(Probe probe, Duration deadline, String message) {
        until(() -> {
            try {
                return probe.holds();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new AssertionError(message + ": " + e, e);
            }
        }, deadline, message);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
