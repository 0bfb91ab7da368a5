package deliverybench.run;

import deliverybench.run.send.Sender;
import deliverybench.run.server.StatsReader;
import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.stats.StatsKeys;
import deliverybench.core.stats.ThreadCpu;
import deliverybench.measure.DeliveryLedger;
import deliverybench.measure.LatencyRig;
import deliverybench.metric.Unit;
import deliverybench.schedule.Pacer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.Consumer;

/**
 * The run's ticks, one a second on the pacer's thread between sends. During the warm-up they watch
 * the server's JIT and the driver's backlog: the measured window opens once the JIT compiled for
 * less than {@value #JIT_QUIET_MS_PER_SECOND} ms in a second and the backlog of a cold start has
 * drained (and the minimum warm-up has passed), or at the maximum. In the window they log the latency interval,
 * say progress, and sample the driver's send backlog; at its ends they read the server's counters.
 * On the pacer's thread a tick only decides and stamps the window's boundaries; the rest (the interval log,
 * progress, reads of the server) goes to the background executor, which runs its tasks one at a time in order,
 * so that no send waits for it (issue 28: a tick there held the pacer 18 ms at p50).
 */
final class MeasuredWindow implements Pacer.Ticks {

    private static final long SECOND_NS = 1_000_000_000L;
    /** The JIT counts as quiet when it compiled for less than this in the last second (5% of a core). */
    static final long JIT_QUIET_MS_PER_SECOND = 50;
    /** The driver's warm-up backlog counts as drained below this many seconds of sends. */
    private static final double BACKLOG_DRAINED_SECONDS = 0.05;

    /** What the window saw besides latency. */
    record Outcome(JsonNode before, JsonNode after, long startNs, long endNs, long warmupNs, long driverCpuNs,
                   long driverJitGcNs, int driverThreads, double serverHeapPeakBytes, long acceptedInWindow, long deliveredInWindow,
                   long backlogMax) {
    }

    private enum State { WARMING, OPEN, DONE }

    /** Told when the window opens and when it closes. */
    @FunctionalInterface
    interface WindowListener {
        void opened(long startNs, long endNs);

        default void closed() {
        }
    }

    private final String name;
    private final LatencyRig rig;
    private final Pacer pacer;
    private final HistogramLogWriter hlog;
    private final StatsReader server;
    private final Executor background;
    private final long t0;
    private final long minWarmupNs;
    private final long maxWarmupNs;
    private final long durationNs;
    private final double ratePerSecond;
    private final DeliveryLedger ledger;
    private final Sender sender;
    private final Consumer<String> progress;
    private final WindowListener opened;
    private final RunListener listener;
    private final Histogram corrected = new Histogram(3);
    private final Histogram uncorrected = new Histogram(3);
    private final Histogram sendDelay = new Histogram(3);
    private final DoubleAccumulator heapPeak = new DoubleAccumulator(Math::max, 0);
    private final LongAccumulator backlogMax = new LongAccumulator(Math::max, 0);
    // The server's JIT compile time at the last two warm-up ticks that have answered: -1 until then,
    // -2 from a server that does not report it.
    private final AtomicReference<long[]> jitMs = new AtomicReference<>(new long[]{-1, -1});
    private State state = State.WARMING;
    private long nextNs;
    private long startNs;
    private CompletableFuture<JsonNode> before;
    private CompletableFuture<JsonNode> after;
    private long cpuBeforeNs;
    private long cpuAfterNs;
    /** The driver's JIT compiler and GC threads: read on the background executor, as /proc is listed to read them. */
    private final ThreadCpu driverSplit = new ThreadCpu("driver");
    private CompletableFuture<Long> jitGcBefore;
    private CompletableFuture<Long> jitGcAfter;
    private int threads;
    private long acceptedAtStart;
    private long acceptedAtEnd;
    private long deliveredAtStart;
    private long deliveredAtEnd;

    /**
     * @param t0          when the schedule starts (warm-up sends first)
     * @param minWarmupNs the window opens no sooner
     * @param maxWarmupNs the window opens no later, whatever the JIT does
     * @param opened      told the window's start and end when it opens
     * @param listener    hears each second of the window ({@code run --live})
     */
    MeasuredWindow(String name, LatencyRig rig, Pacer pacer, HistogramLogWriter hlog, StatsReader server,
                   Executor background, long t0, long minWarmupNs, long maxWarmupNs, long durationNs, double ratePerSecond,
                   DeliveryLedger ledger, Sender sender, Consumer<String> progress, WindowListener opened,
                   RunListener listener) {
        this.name = name;
        this.rig = rig;
        this.pacer = pacer;
        this.hlog = hlog;
        this.server = server;
        this.background = background;
        this.t0 = t0;
        this.minWarmupNs = minWarmupNs;
        this.maxWarmupNs = Math.max(minWarmupNs, maxWarmupNs);
        this.durationNs = durationNs;
        this.ratePerSecond = ratePerSecond;
        this.ledger = ledger;
        this.sender = sender;
        this.progress = progress;
        this.opened = opened;
        this.listener = listener;
        this.nextNs = t0;
        // The window's ends read these on the pacer's thread: their first use (class loading, JMX) is paid here.
        driverCpuNs();
        ManagementFactory.getThreadMXBean().getThreadCount();
    }

    @Override
    public long nextNs() {
        return nextNs;
    }

    @Override
    public long endNs() {
        return state == State.WARMING ? t0 + maxWarmupNs + durationNs : startNs + durationNs;
    }

    @Override
    public void run(long tickNs) {
        backlogMax.accumulate(sender.backlog());
        if (state == State.WARMING) {
            warm(tickNs);
            return;
        }
        int second = (int) Math.round((tickNs - startNs) / 1e9);
        background.execute(() -> second(second));
        if (tickNs - (startNs + durationNs) >= 0) {
            close();
        } else {
            nextNs = Math.min(tickNs + SECOND_NS, startNs + durationNs);
        }
    }

    /** A second of the window, off the pacer's thread: its latencies logged, the server's heap sampled, progress said. */
    private void second(int second) {
        Histogram interval = interval();
        sampleHeap();
        progress.accept(String.format("%-14s %3ds/%ds  sent %d  delivered %d  backlog %d  p99 %s", name,
                second, Math.round(durationNs / 1e9), ledger.sentCount(),
                ledger.deliveredTotal(), sender.backlog(), Unit.latency(corrected.getValueAtPercentile(99) / 1_000.0)));
        listener.second(new RunListener.Second(name, second, (int) Math.round(durationNs / 1e9), ledger.sentCount(),
                ledger.deliveredTotal(), interval.getTotalCount() == 0 ? Double.NaN : interval.getValueAtPercentile(99) / 1_000.0,
                corrected.getValueAtPercentile(99) / 1_000.0));
    }

    private void warm(long tickNs) {
        long warmedNs = tickNs - t0;
        // Asked now, answered when the server answers: the decision uses the samples already in.
        sampleJit();
        long[] jit = jitMs.get();
        boolean jitQuiet = jit[0] >= 0 && jit[1] - jit[0] < JIT_QUIET_MS_PER_SECOND || jit[1] == -2;
        // A backlog left by a cold start would be measured as latency: it drains first.
        boolean caughtUp = sender.backlog() <= Math.max(10, ratePerSecond * BACKLOG_DRAINED_SECONDS);
        if (warmedNs >= maxWarmupNs || warmedNs >= minWarmupNs && jitQuiet && caughtUp) {
            open(tickNs, warmedNs);
            return;
        }
        if (warmedNs > 0 && warmedNs % (5 * SECOND_NS) < SECOND_NS) {
            long backlog = sender.backlog();
            background.execute(() -> progress.accept(String.format("%-14s warming up %ds: server JIT %s, driver backlog %d",
                    name, Math.round(warmedNs / 1e9), jit[1] < 0 ? "not known yet" : "compiled for " + jit[1] + " ms so far",
                    backlog)));
        }
        nextNs = tickNs + SECOND_NS;
    }

    private void open(long tickNs, long warmedNs) {
        state = State.OPEN;
        startNs = tickNs;
        rig.recordFrom(tickNs);
        pacer.recordLagFrom(tickNs);
        before = read();
        cpuBeforeNs = driverCpuNs();
        jitGcBefore = CompletableFuture.supplyAsync(this::driverJitGcNs, background);
        acceptedAtStart = ledger.sentCount();
        deliveredAtStart = ledger.deliveredTotal();
        // Deliveries before the window are not recorded (the rig records from its start): start clean.
        rig.intervalCorrected();
        rig.intervalUncorrected();
        rig.intervalSendDelay();
        background.execute(() -> progress.accept(String.format("%-14s warm-up done after %.1fs%s; measuring %ds", name,
                warmedNs / 1e9, warmedNs >= maxWarmupNs ? " (the maximum: the server's JIT was still compiling or the "
                        + "driver's backlog had not drained)" : "",
                Math.round(durationNs / 1e9))));
        nextNs = Math.min(tickNs + SECOND_NS, startNs + durationNs);
        opened.opened(startNs, startNs + durationNs);
    }

    private void close() {
        state = State.DONE;
        after = read();
        cpuAfterNs = driverCpuNs();
        jitGcAfter = CompletableFuture.supplyAsync(this::driverJitGcNs, background);
        threads = ManagementFactory.getThreadMXBean().getThreadCount();
        acceptedAtEnd = ledger.sentCount();
        deliveredAtEnd = ledger.deliveredTotal();
        nextNs = NONE;
        opened.closed();
    }

    /**
     * Logs the latencies recorded since the last second's log (the drain's, after the window) and adds them to the
     * window's totals; call once the pacer returned. It runs after every second still queued on the background
     * executor, so the log stays in order and the totals hold every delivery.
     */
    void last() {
        CompletableFuture.runAsync(this::interval, background).join();
    }

    /** Logs the latencies recorded since the last interval and adds them to the window's totals; returns the interval's corrected ones. */
    private Histogram interval() {
        Histogram c = rig.intervalCorrected();
        Histogram u = rig.intervalUncorrected();
        Histogram d = rig.intervalSendDelay();
        corrected.add(c);
        uncorrected.add(u);
        sendDelay.add(d);
        c.setTag("corrected");
        u.setTag("uncorrected");
        d.setTag("send_delay");
        hlog.outputIntervalHistogram(c);
        hlog.outputIntervalHistogram(u);
        hlog.outputIntervalHistogram(d);
        return c;
    }

    Histogram corrected() {
        return corrected;
    }

    Histogram uncorrected() {
        return uncorrected;
    }

    Histogram sendDelay() {
        return sendDelay;
    }

    /** Waits for the two server reads; call after the pacer returned. */
    Outcome outcome() throws IOException {
        JsonNode first = await(before);
        JsonNode last = await(after);
        heapPeak.accumulate(last.get(StatsKeys.HEAP_USED_BYTES).asDouble());
        heapPeak.accumulate(first.get(StatsKeys.HEAP_USED_BYTES).asDouble());
        return new Outcome(first, last, startNs, startNs + durationNs, startNs - t0, cpuAfterNs - cpuBeforeNs,
                jitGcAfter.join() - jitGcBefore.join(), threads,
                heapPeak.get(), acceptedAtEnd - acceptedAtStart, deliveredAtEnd - deliveredAtStart, backlogMax.get());
    }

    private CompletableFuture<JsonNode> read() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return server.stats();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, background);
    }

    /** The server's JIT compile time now; a server that does not report it counts as warm. */
    private void sampleJit() {
        background.execute(() -> {
            try {
                JsonNode jit = server.stats().get(StatsKeys.JIT_COMPILE_MS);
                long ms = jit == null || jit.asLong(-1) < 0 ? -2 : jit.asLong();
                jitMs.updateAndGet(last -> new long[]{last[1], ms});
            } catch (IOException | RuntimeException e) {
                // Not answering now: the next second tries again.
            }
        });
    }

    /** The server's heap now; a read that fails (stopped or restarting under --chaos) counts nothing. */
    private void sampleHeap() {
        background.execute(() -> {
            try {
                heapPeak.accumulate(server.stats().get(StatsKeys.HEAP_USED_BYTES).asDouble());
            } catch (IOException | RuntimeException e) {
                // Not answering now: the next second tries again.
            }
        });
    }

    private static JsonNode await(CompletableFuture<JsonNode> read) throws IOException {
        if (read == null) {
            throw new IllegalStateException("the window has not reached that point");
        }
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    /** The CPU this process's JIT compiler and GC threads have spent so far (0 where /proc does not tell). */
    private long driverJitGcNs() {
        ThreadCpu.Split split = driverSplit.sample();
        return Math.max(0, split.jitNs()) + Math.max(0, split.gcNs());
    }

    static long driverCpuNs() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
