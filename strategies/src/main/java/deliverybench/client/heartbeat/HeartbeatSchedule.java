package deliverybench.client.heartbeat;

/**
 * One device's heartbeat interval, kept across its reconnects. Adaptive, in WeChat's way: while probing, each
 * answered heartbeat lengthens the interval by a step up to the cap; the first loss goes back to the last
 * interval that was answered and stops probing there; a later loss backs off one more step (never below the
 * start). Fixed: always the same. Arithmetic only; the caller says what happened.
 */
public final class HeartbeatSchedule {

    private final HeartbeatPolicy policy;
    private long intervalNs;
    private boolean probing = true;

    HeartbeatSchedule(HeartbeatPolicy policy) {
        this.policy = policy;
        this.intervalNs = policy.startNs();
    }

    public HeartbeatPolicy policy() {
        return policy;
    }

    /** The interval to wait before the next heartbeat. */
    public long intervalNs() {
        return intervalNs;
    }

    /** Whether the interval still grows after an answer. */
    public boolean probing() {
        return probing && policy.adaptive() && intervalNs < policy.maxNs();
    }

    /** A heartbeat sent {@link #intervalNs} after the last was answered: the connection survived that silence. */
    public void answered() {
        if (probing) {
            intervalNs = Math.min(policy.maxNs(), intervalNs + policy.stepNs());
        }
    }

    /** A heartbeat went unanswered: the connection died within the interval. */
    public void lost() {
        if (!policy.adaptive()) {
            return;
        }
        // The interval that died was one step past the last answered (or the start): go back below it.
        intervalNs = Math.max(policy.startNs(), intervalNs - policy.stepNs());
        probing = false;
    }
}
