package deliverybench.strategy;

import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.core.ServerConfig;

/**
 * What wakes a device's radio under a strategy, as periods the radio's theory and its window check read: each
 * strategy declares its own ({@link Strategy#wakeups}); nothing downstream picks by name.
 *
 * @param everyS     a transfer every this many seconds whatever arrives: a short poll, an active heartbeat; 0 none
 * @param silenceS   a transfer after this many seconds without one: a long poll answered at its wait, a stream's
 *                   keep-alive; 0 none
 * @param perMessage whether each message is a transfer of its own (a push, a long poll's answer), or rides the
 *                   next periodic one (a short poll's answer)
 */
public record Wakeups(double everyS, double silenceS, boolean perMessage) {

    public Wakeups {
        if (!(everyS >= 0) || !(silenceS >= 0)) {
            throw new IllegalArgumentException("periods are 0 (none) or positive, were " + everyS + " and " + silenceS);
        }
    }

    /** A push: each message, and the heartbeat's ping at its first interval (an adaptive one grows from there). */
    public static Wakeups push(HeartbeatPolicy heartbeat) {
        return new Wakeups(heartbeat.enabled() ? heartbeat.startNs() / 1e9 : 0, 0, true);
    }

    /** A poll every interval; what arrives waits for it. */
    public static Wakeups polls(double intervalS) {
        return new Wakeups(intervalS, 0, false);
    }

    /** A held stream: a line per message, and the server's keep-alive after a silence, asked at the heartbeat's interval. */
    public static Wakeups heldStream(HeartbeatPolicy heartbeat) {
        return perMessageOrAfter((heartbeat.enabled() ? heartbeat.startNs() : ServerConfig.DEFAULT_KEEP_ALIVE_MS * 1_000_000L) / 1e9);
    }

    /** A transfer per message, and one after {@code silenceS} without any. */
    public static Wakeups perMessageOrAfter(double silenceS) {
        return new Wakeups(0, silenceS, true);
    }

    /** Whether anything wakes the radio on a schedule (a run without messages can still be extrapolated from it). */
    public boolean periodic() {
        return everyS > 0 || silenceS > 0;
    }
}
