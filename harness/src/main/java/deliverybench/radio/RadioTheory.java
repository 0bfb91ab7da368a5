package deliverybench.radio;

import deliverybench.core.ServerConfig;
import deliverybench.options.WorkloadOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the model predicts for a strategy from the workload alone: the timeline an ideal device would make (short
 * poll: a poll every interval, whatever arrives; long poll: an answer per message, or at the wait; a push: a
 * transfer per message, and SSE's or streaming's keep-alive after a silence), run through the same model.
 */
public final class RadioTheory {

    private static final double HOURS = 4;

    private RadioTheory() {
    }

    /** Energy per device-hour of the ideal timeline; NaN when the strategy's wake-ups are not known here. */
    public static double energyJPerHour(RadioModel model, String strategy, WorkloadOptions workload, long seed) {
        double perDevicePerS = workload.ratePerSecond() * workload.fanout() / workload.clients();
        List<Transfer> wakeUps = wakeUps(strategy, perDevicePerS, workload.pollIntervalMs() / 1000.0,
                workload.pollWaitSeconds(), HOURS * 3600, seed);
        return wakeUps == null ? Double.NaN : model.usage(wakeUps, 0, HOURS * 3600).energyJPerHour();
    }

    /** The ideal device's wake-ups over {@code spanS}: one zero-byte transfer each (the data terms are left out). */
    static List<Transfer> wakeUps(String strategy, double messagesPerS, double pollIntervalS, double pollWaitS,
                                  double spanS, long seed) {
        List<Transfer> out = new ArrayList<>();
        if (strategy.startsWith("short-poll")) {
            if (pollIntervalS <= 0) {
                return null;
            }
            for (double t = 0; t < spanS; t += pollIntervalS) {
                out.add(new Transfer(t, true, 0));
            }
            return out;
        }
        // A silence this long ends in a transfer of its own: long poll's answer at the wait, a keep-alive line.
        double silenceS = strategy.startsWith("long-poll") ? pollWaitS
                : strategy.startsWith("sse") || strategy.startsWith("stream") ? ServerConfig.DEFAULT_KEEP_ALIVE_MS / 1000.0
                : Double.POSITIVE_INFINITY;
        SplittableRandom random = new SplittableRandom(seed);
        double last = 0;
        double next = messagesPerS > 0 ? -Math.log(1 - random.nextDouble()) / messagesPerS : Double.POSITIVE_INFINITY;
        while (true) {
            double t = Math.min(next, last + silenceS);
            if (t >= spanS) {
                return out;
            }
            out.add(new Transfer(t, false, 0));
            if (t == next) {
                next = t - Math.log(1 - random.nextDouble()) / messagesPerS;
            }
            last = t;
        }
    }
}
