package deliverybench.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the pacer's thread under the real-time scheduler (Linux {@code SCHED_FIFO}, priority 1) while it sends, and back
 * under the normal one after. Parked between sends, a normal thread is woken when the kernel gets to it: on two cores
 * shared with the server, 2.9-4.9 ms late at p99 (issue 28), which the open-loop correction rightly counts as latency
 * and the run then blames on the driver. A real-time thread runs as soon as it wakes, ahead of every normal thread:
 * measured back to back, wake-up lateness p99 377-388 us, pacer lag p99 531-743 us, and the driver's corrected p99 1.0
 * to 1.2 times an independent Node.js client's, against 1.5-1.8 times with the normal scheduler.
 *
 * <p>Only the sending: the pacer parks, wakes, hands a send to the HTTP sender's own I/O thread (raised too, for the
 * run's life: a hand-off to a normal thread waited for the kernel again) and parks again; the server's threads and the
 * receivers' I/O threads stay under the normal scheduler. Raised, it spins only the last 20 us before a send
 * ({@link RunClock}), since a spin at real-time priority holds the core from every normal thread; the kernel's
 * real-time throttling (95% of each second) bounds it anyway. Raising needs root or CAP_SYS_NICE and {@code chrt}
 * (util-linux); without them the run goes on under the normal scheduler and says so once.
 */
public final class PacerPriority implements AutoCloseable {

    private static final long CHRT_TIMEOUT_MS = 5_000;
    private static volatile boolean told;
    private static final ThreadLocal<Boolean> RAISED = ThreadLocal.withInitial(() -> false);

    private final String chrt;
    private final String tid;

    private PacerPriority(String chrt, String tid) {
        this.chrt = chrt;
        this.tid = tid;
    }

    /**
     * Raises the calling thread, when {@code wanted}; returns the handle that lowers it again, or null when it stays
     * normal (then {@code why} heard the reason, once per process).
     */
    public static PacerPriority raise(boolean wanted, Consumer<String> why) {
        return raise(wanted, "chrt", why);
    }

    static PacerPriority raise(boolean wanted, String chrt, Consumer<String> why) {
        if (!wanted) {
            return null;
        }
        Attempt attempt = attempt(chrt);
        if (attempt.raised() == null) {
            tellOnce(why, attempt.failed());
            return null;
        }
        if (!told) {
            told = true;
            why.accept("pacer: the pacer and the HTTP send lanes' I/O thread run under the real-time scheduler (SCHED_FIFO 1), "
                    + "so that a send leaves on time beside the server (--pacer-priority normal to compare)");
        }
        return attempt.raised();
    }

    /** Raising the calling thread: the handle that lowers it again, or why it stays normal. */
    private record Attempt(PacerPriority raised, String failed) {
    }

    private static Attempt attempt(String chrt) {
        String tid = threadId();
        if (tid == null) {
            return new Attempt(null, "no /proc/thread-self (not Linux)");
        }
        String failed = run(chrt, "-f", "-p", "1", tid);
        if (failed != null) {
            return new Attempt(null, failed);
        }
        RAISED.set(true);
        return new Attempt(new PacerPriority(chrt, tid), null);
    }

    /** For tests: the next outcome is told again. */
    static void tellAgain() {
        told = false;
    }

    /** The calling thread's kernel id, from /proc/thread-self ({@code <pid>/task/<tid>}); null off Linux. */
    static String threadId() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return self.getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Raises the calling thread without a word either way (a send lane's, beside a pacer that tells); null if not. */
    public static PacerPriority raiseQuietly() {
        return attempt("chrt").raised();
    }

    /** True on a thread this raised and has not lowered yet. */
    static boolean raisedHere() {
        return RAISED.get();
    }

    /** Back under the normal scheduler. */
    @Override
    public void close() {
        RAISED.set(false);
        run(chrt, "-o", "-p", "0", tid);
    }

    private static void tellOnce(Consumer<String> why, String reason) {
        if (!told) {
            told = true;
            why.accept("pacer: under the normal scheduler (" + reason + "); its wake-ups may come late by milliseconds on "
                    + "shared cores, and the run says so (pacer lag, limited by driver). Run as root, or with CAP_SYS_NICE, "
                    + "for a real-time pacer, or pass --pacer-priority normal to silence this.");
        }
    }

    /** Runs the command; null when it exited 0, else what went wrong. */
    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            if (!process.waitFor(CHRT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not answer within " + CHRT_TIMEOUT_MS + " ms";
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? null
                    : String.join(" ", command) + " exited " + process.exitValue() + (out.isEmpty() ? "" : ": " + out);
        } catch (IOException e) {
            return "could not run " + command[0] + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
