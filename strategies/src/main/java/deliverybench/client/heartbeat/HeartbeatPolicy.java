package deliverybench.client.heartbeat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How often a push client proves its connection alive and how long it waits for the answer: a fixed interval,
 * or WeChat's adaptive one (start at 4.5 min, 60 s longer after each answered heartbeat, at most 10 min, back
 * after a loss), optionally scaled down by a factor so that a run shows in minutes what a phone sees in hours.
 *
 * @param startNs    the first interval (the only one when fixed)
 * @param stepNs     added after each answered heartbeat; 0 when fixed
 * @param maxNs      the longest interval
 * @param deadlineNs a heartbeat not answered this long after it was due finds the connection dead
 */
public record HeartbeatPolicy(long startNs, long stepNs, long maxNs, long deadlineNs) {

    /** No heartbeat: a connection forgotten by a NAT is found only by a write that fails. */
    public static final HeartbeatPolicy NONE = new HeartbeatPolicy(0, 0, 0, 0);
    // WeChat's published figures (the "smart heartbeat" article): 4.5 min, +60 s while it survives, about 10 min.
    static final long ADAPTIVE_START_NS = TimeUnit.SECONDS.toNanos(270);
    static final long ADAPTIVE_STEP_NS = TimeUnit.SECONDS.toNanos(60);
    static final long ADAPTIVE_MAX_NS = TimeUnit.SECONDS.toNanos(600);

    public HeartbeatPolicy {
        if (startNs < 0 || stepNs < 0 || maxNs < startNs || deadlineNs < 0) {
            throw new IllegalArgumentException("a heartbeat's intervals grow from start to max and its deadline is positive");
        }
    }

    /** Every interval {@code interval}, answered within {@code deadline}. */
    public static HeartbeatPolicy fixed(Duration interval, Duration deadline) {
        return new HeartbeatPolicy(interval.toNanos(), 0, interval.toNanos(), deadline.toNanos());
    }

    /** WeChat's adaptive schedule, answered within {@code deadline}. */
    public static HeartbeatPolicy adaptive(Duration deadline) {
        return new HeartbeatPolicy(ADAPTIVE_START_NS, ADAPTIVE_STEP_NS, ADAPTIVE_MAX_NS, deadline.toNanos());
    }

    /** The same schedule {@code factor} times faster: every interval divided (the deadline stays: a link's RTT does not scale). */
    public HeartbeatPolicy fasterBy(double factor) {
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("a heartbeat is scaled down by a factor of at least 1, was " + factor);
        }
        return new HeartbeatPolicy(Math.round(startNs / factor), Math.round(stepNs / factor), Math.round(maxNs / factor),
                deadlineNs);
    }

    public boolean enabled() {
        return startNs > 0;
    }

    public boolean adaptive() {
        return stepNs > 0;
    }

    /** The longest a dead connection can go unnoticed: the longest interval plus the deadline. */
    public long detectionBoundNs() {
        return enabled() ? maxNs + deadlineNs : 0;
    }

    /** A new device's schedule. */
    public HeartbeatSchedule schedule() {
        return new HeartbeatSchedule(this);
    }
}
