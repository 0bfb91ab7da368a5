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

    /** The corrected latencies since the last call (ns). */
    public Histogram intervalCorrected() {
        return corrected.getIntervalHistogram();
    }

    /** The uncorrected latencies since the last call (ns). */
    public Histogram intervalUncorrected() {
        return uncorrected.getIntervalHistogram();
    }

    /** The driver's send delays since the last call (ns): what the driver, not the server, added. */
    public Histogram intervalSendDelay() {
        return sendDelay.getIntervalHistogram();
    }
}
