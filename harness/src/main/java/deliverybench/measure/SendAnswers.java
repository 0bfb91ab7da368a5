package deliverybench.measure;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The senders' answers: how long each took from its write to its answer, and what a failover did to the
 * sends whose recipient lived on the killed primary's slots (failed, delayed, when they were stored again).
 * The times are the senders' {@code nanoTime} readings, passed in.
 */
public final class SendAnswers {

    /** A failover's account over the sends to its users. */
    public record Failover(long faultNs, long recoveredNs, long failed, long delayed) {
        /** From the kill to the first send written after it and stored; -1 when none was. */
        public long recoveryNs() {
            return recoveredNs == Long.MIN_VALUE ? -1 : recoveredNs - faultNs;
        }
    }

    private final Histogram answerNs = new Histogram(3_600_000_000_000L, 3);
    private boolean recording;
    private long faultNs;
    private IntPredicate affected;
    private long recoveredNs = Long.MIN_VALUE;
    // Every answer after the fault to an affected user: {writtenNs, answeredNs, stored ? 1 : 0}.
    private final List<long[]> afterFault = new ArrayList<>();

    /** From now on the answers' times are recorded (the measured window opened). */
    public synchronized void record() {
        recording = true;
    }

    /** A primary died at {@code atNs}; {@code affectedUser} says which user indexes had their inbox on it. */
    public synchronized void failover(long atNs, IntPredicate affectedUser) {
        if (affected == null) {
            faultNs = atNs;
            affected = affectedUser;
        }
    }

    /** A send to {@code recipients}, written at {@code writtenNs}, was answered at {@code answeredNs}: stored or not. */
    public synchronized void answered(int[] recipients, long writtenNs, long answeredNs, boolean stored) {
        if (recording && stored) {
            answerNs.recordValue(Math.max(0, Math.min(answeredNs - writtenNs, answerNs.getHighestTrackableValue())));
        }
        if (affected == null || answeredNs - faultNs < 0 || !any(recipients)) {
            return;
        }
        afterFault.add(new long[] {writtenNs, answeredNs, stored ? 1 : 0});
        if (stored && writtenNs - faultNs >= 0 && recoveredNs == Long.MIN_VALUE) {
            recoveredNs = answeredNs;
        }
    }

    private boolean any(int[] recipients) {
        for (int recipient : recipients) {
            if (affected.test(recipient)) {
                return true;
            }
        }
        return false;
    }

    /** Write-to-answer times of the stored sends since {@link #record}. */
    public synchronized Histogram answerTimes() {
        return answerNs.copy();
    }

    /**
     * The failover's account, null when there was none: failed = sends to its users refused after the kill and
     * written before the recovery; delayed = sends to its users written before the recovery and stored only at
     * or after it (they waited through the gap).
     */
    public synchronized Failover failover() {
        if (affected == null) {
            return null;
        }
        boolean recovered = recoveredNs != Long.MIN_VALUE;
        long failed = 0;
        long delayed = 0;
        for (long[] answer : afterFault) {
            boolean beforeRecovery = !recovered || answer[0] - recoveredNs < 0;
            if (answer[2] == 0 && beforeRecovery) {
                failed++;
            } else if (answer[2] == 1 && beforeRecovery && answer[1] - recoveredNs >= 0) {
                delayed++;
            }
        }
        return new Failover(faultNs, recoveredNs, failed, delayed);
    }
}
