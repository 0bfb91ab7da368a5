package deliverybench.measure;

import deliverybench.schedule.NanoClock;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Where every delivery is recorded, the same way for every strategy: {@code now - intended}
 * (corrected for coordinated omission), {@code now - sent} (uncorrected) and {@code sent - intended}
 * (how long the message waited in the driver before it left), in nanoseconds, read from the one
 * clock the scheduler also used. Strategies hand over the stamps; they never read the clock.
 */
public final class LatencyRig {

    private final NanoClock clock;
    private final Recorder corrected = new Recorder(3);
    private final Recorder uncorrected = new Recorder(3);
    private final Recorder sendDelay = new Recorder(3);
    // The histograms the last interval returned, handed back to their recorder for the next interval. A fresh
    // interval histogram starts small and grows (auto-resizing) as the deliveries come: every second on every
    // receiving thread, a ConcurrentHistogram resize (a third of the driver's allocation per message at 1,000 msg/s,
    // issue 28). A recycled one keeps its size: once the range is reached, recording allocates nothing.
    private Histogram spareCorrected;
    private Histogram spareUncorrected;
    private Histogram spareSendDelay;
    private volatile long recordFromNs = Long.MAX_VALUE;

    public LatencyRig(NanoClock clock) {
        this.clock = clock;
    }

    /** Messages intended before this time are warm-up: delivered and accounted, not recorded. */
    public void recordFrom(long intendedNs) {
        this.recordFromNs = intendedNs;
    }

    /** Records one delivery, given the stamps the message carried. */
    public final void record(long intendedNs, long sentNs) {
        long now = clock.nanoTime();
        if (intendedNs - recordFromNs < 0) {
            return;
        }
        corrected.recordValue(Math.max(0, now - intendedNs));
        uncorrected.recordValue(Math.max(0, now - sentNs));
        sendDelay.recordValue(Math.max(0, sentNs - intendedNs));
    }

    /**
     * The corrected latencies since the last call (ns). The histogram is reused by the next call: read it, or add it
     * to another, before calling again, and from one thread (the run's background thread).
     */
    public Histogram intervalCorrected() {
        spareCorrected = corrected.getIntervalHistogram(spareCorrected);
        return spareCorrected;
    }

    /** The uncorrected latencies since the last call (ns); reused by the next call, as {@link #intervalCorrected}. */
    public Histogram intervalUncorrected() {
        spareUncorrected = uncorrected.getIntervalHistogram(spareUncorrected);
        return spareUncorrected;
    }

    /**
     * The driver's send delays since the last call (ns): what the driver, not the server, added. Reused by the next
     * call, as {@link #intervalCorrected}.
     */
    public Histogram intervalSendDelay() {
        spareSendDelay = sendDelay.getIntervalHistogram(spareSendDelay);
        return spareSendDelay;
    }
}
