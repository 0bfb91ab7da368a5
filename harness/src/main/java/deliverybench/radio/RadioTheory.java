package deliverybench.radio;

import deliverybench.options.WorkloadOptions;
import deliverybench.strategy.Wakeups;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the model predicts for a strategy from the workload alone: the timeline an ideal device would make from the
 * strategy's own {@link Wakeups} (a poll every interval whatever arrives; a transfer per message; a heartbeat on
 * its schedule; a long poll's answer or a stream's keep-alive after a silence), run through the same model.
 */
public final class RadioTheory {

    private static final double HOURS = 4;

    private RadioTheory() {
    }

    /** Energy per device-hour of the ideal timeline; NaN when nothing wakes the device on a schedule or per message. */
    public static double energyJPerHour(RadioModel model, Wakeups wakeups, WorkloadOptions workload, long seed) {
        return energyJPerHour(model, wakeups, workload.ratePerSecond() * workload.fanout() / workload.clients(), seed);
    }

    /** The same for a device that receives {@code messagesPerS} messages a second (Poisson, from {@code seed}). */
    public static double energyJPerHour(RadioModel model, Wakeups wakeups, double messagesPerS, long seed) {
        List<Transfer> wakeUps = wakeUps(wakeups, messagesPerS, HOURS * 3600, seed);
        return wakeUps == null ? Double.NaN : model.usage(wakeUps, 0, HOURS * 3600).energyJPerHour();
    }

    /** The ideal device's wake-ups over {@code spanS}: one zero-byte transfer each (the data terms are left out). */
    static List<Transfer> wakeUps(Wakeups wakeups, double messagesPerS, double spanS, long seed) {
        if (!wakeups.perMessage() && wakeups.everyS() == 0) {
            // A poll that asks again as soon as answered: no schedule to predict from.
            return null;
        }
        double never = Double.POSITIVE_INFINITY;
        SplittableRandom random = new SplittableRandom(seed);
        double nextTick = wakeups.everyS() > 0 ? 0 : never;
        double nextMessage = wakeups.perMessage() && messagesPerS > 0 ? -Math.log(1 - random.nextDouble()) / messagesPerS
                : never;
        double silenceS = wakeups.silenceS() > 0 ? wakeups.silenceS() : never;
        List<Transfer> out = new ArrayList<>();
        double last = 0;
        while (true) {
            double t = Math.min(Math.min(nextTick, nextMessage), last + silenceS);
            if (t >= spanS) {
                return out;
            }
            // A poll or a ping goes up; a message, an answer at the wait or a keep-alive comes down.
            out.add(new Transfer(t, t == nextTick, 0));
            if (t == nextTick) {
                nextTick += wakeups.everyS();
            }
            if (t == nextMessage) {
                nextMessage = t - Math.log(1 - random.nextDouble()) / messagesPerS;
            }
            last = t;
        }
    }
}
