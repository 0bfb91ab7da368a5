package deliverybench.run;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.StatsKeys;
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
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.function.Consumer;

/**
 * The measured window's ticks, run between sends on the pacer's thread: at its start the server's
 * counters are read, every second the latency interval is logged and progress is said, at its end
 * the counters are read again. Reads of the server go to a background executor, so no send waits for them.
 */
final class MeasuredWindow implements Pacer.Ticks {

    private static final long SECOND_NS = 1_000_000_000L;

    /** What the window saw besides latency: the two server reads and the driver's own cost. */
    record Outcome(JsonNode before, JsonNode after, long driverCpuNs, int driverThreads, double serverHeapPeakBytes) {
    }

    private final String name;
    private final LatencyRig rig;
    private final HistogramLogWriter hlog;
    private final ServerProbe server;
    private final Executor background;
    private final long startNs;
    private final long endNs;
    private final DeliveryLedger ledger;
    private final Consumer<String> progress;
    private final RunListener listener;
    private final Histogram corrected = new Histogram(3);
    private final Histogram uncorrected = new Histogram(3);
    private final DoubleAccumulator heapPeak = new DoubleAccumulator(Math::max, 0);
    private long nextNs;
    private CompletableFuture<JsonNode> before;
    private CompletableFuture<JsonNode> after;
    private long cpuBeforeNs;
    private long cpuAfterNs;
    private int threads;

    MeasuredWindow(String name, LatencyRig rig, HistogramLogWriter hlog, ServerProbe server, Executor background,
                   long startNs, long endNs, DeliveryLedger ledger, Consumer<String> progress, RunListener listener) {
        this.name = name;
        this.rig = rig;
        this.hlog = hlog;
        this.server = server;
        this.background = background;
        this.startNs = startNs;
        this.endNs = endNs;
        this.ledger = ledger;
        this.progress = progress;
        this.listener = listener;
        this.nextNs = startNs;
    }

    @Override
    public long nextNs() {
        return nextNs;
    }

    @Override
    public void run(long tickNs) {
        if (tickNs == startNs) {
            before = read();
            cpuBeforeNs = driverCpuNs();
            // Deliveries before the window are not recorded (the rig records from its start): start clean.
            rig.intervalCorrected();
            rig.intervalUncorrected();
        } else {
            Histogram second = interval();
            sampleHeap();
            progress.accept(String.format("%-14s %3ds/%ds  sent %d  delivered %d  p99 %s", name,
                    Math.round((tickNs - startNs) / 1e9), Math.round((endNs - startNs) / 1e9),
                    ledger.sentCount(), ledger.deliveredTotal(),
                    Unit.latency(corrected.getValueAtPercentile(99) / 1_000.0)));
            listener.second(new RunListener.Second(name, (int) Math.round((tickNs - startNs) / 1e9),
                    (int) Math.round((endNs - startNs) / 1e9), ledger.sentCount(), ledger.deliveredTotal(),
                    second.getTotalCount() == 0 ? Double.NaN : second.getValueAtPercentile(99) / 1_000.0,
                    corrected.getValueAtPercentile(99) / 1_000.0));
        }
        if (tickNs == endNs) {
            after = read();
            cpuAfterNs = driverCpuNs();
            threads = ManagementFactory.getThreadMXBean().getThreadCount();
            nextNs = NONE;
        } else {
            nextNs = Math.min(tickNs + SECOND_NS, endNs);
        }
    }

    /** Logs the latencies recorded since the last interval and adds them to the window's totals; returns the interval's corrected ones. */
    Histogram interval() {
        Histogram c = rig.intervalCorrected();
        Histogram u = rig.intervalUncorrected();
        corrected.add(c);
        uncorrected.add(u);
        c.setTag("corrected");
        u.setTag("uncorrected");
        hlog.outputIntervalHistogram(c);
        hlog.outputIntervalHistogram(u);
        return c;
    }

    Histogram corrected() {
        return corrected;
    }

    Histogram uncorrected() {
        return uncorrected;
    }

    /** Waits for the two server reads; call after the pacer returned. */
    Outcome outcome() throws IOException {
        JsonNode first = await(before);
        JsonNode last = await(after);
        heapPeak.accumulate(last.get(StatsKeys.HEAP_USED_BYTES).asDouble());
        heapPeak.accumulate(first.get(StatsKeys.HEAP_USED_BYTES).asDouble());
        return new Outcome(first, last, cpuAfterNs - cpuBeforeNs, threads, heapPeak.get());
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

    static long driverCpuNs() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
