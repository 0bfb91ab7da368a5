package deliverybench.options;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults injected into a run ({@code --chaos}, combinable):
 * {@code drop=<fraction per second>} closes random receiver connections abruptly (they resume with
 * {@code after}); {@code pause=<duration>@<time>} stops the spawned server with SIGSTOP at
 * {@code time} into the measured window and resumes it with SIGCONT after {@code duration};
 * {@code slow=<fraction>} makes that fraction of push receivers read about one message (WebSocket)
 * or 1 KiB (TCP) a second, far slower than a busy user's messages arrive;
 * {@code restart@<time>} stops the spawned server and starts a fresh one, with empty inboxes, on the
 * same ports; with {@code run --gateways}, {@code kill-gateway@<time>} kills one gateway (SIGKILL) and
 * points its clients at another, {@code redis-pause=<duration>@<time>} stops Redis with SIGSTOP, and (with
 * {@code --redis-shards S --redis-replicas 1}) {@code kill-redis-primary@<time>} kills one primary of the Redis
 * Cluster (SIGKILL), whose replica takes over.
 *
 * @param dropPerSecond fraction of receivers dropped per second, 0 for none
 * @param slowFraction  fraction of push receivers that read slowly, 0 for none
 * @param restartAt     when to restart the server, from the start of the measured window; null for never
 * @param pause         how long the server is stopped, null for no pause
 * @param pauseAt       when, from the start of the measured window
 * @param killGatewayAt when to kill a gateway, from the start of the measured window; null for never
 * @param redisPause    how long Redis is stopped, null for no pause
 * @param redisPauseAt  when, from the start of the measured window
 * @param killRedisPrimaryAt when to kill a primary of the Redis Cluster, from the start of the measured window
 */
public record Chaos(double dropPerSecond, Duration pause, Duration pauseAt, double slowFraction, Duration restartAt,
                    Duration killGatewayAt, Duration redisPause, Duration redisPauseAt, Duration killRedisPrimaryAt) {

    public static final Chaos NONE = new Chaos(0, null, null, 0, null, null, null, null, null);

    private static final Pattern DROP = Pattern.compile("drop=([0-9.]+)");
    private static final Pattern RESTART = Pattern.compile("restart@(\\d+(?:ms|s|m))");
    private static final Pattern SLOW = Pattern.compile("slow=([0-9.]+)");
    private static final Pattern PAUSE = Pattern.compile("pause=(\\d+(?:ms|s|m))@(\\d+(?:ms|s|m))");
    private static final Pattern KILL_GATEWAY = Pattern.compile("kill-gateway@(\\d+(?:ms|s|m))");
    private static final Pattern KILL_REDIS_PRIMARY = Pattern.compile("kill-redis-primary@(\\d+(?:ms|s|m))");
    private static final Pattern REDIS_PAUSE = Pattern.compile("redis-pause=(\\d+(?:ms|s|m))@(\\d+(?:ms|s|m))");

    public boolean any() {
        return dropPerSecond > 0 || pause != null || slowFraction > 0 || restartAt != null || cluster();
    }

    /** True when a fault needs a cluster of gateways ({@code run --gateways}). */
    public boolean cluster() {
        return killGatewayAt != null || redisPause != null || killRedisPrimaryAt != null;
    }

    /** Parses {@code --chaos} values, e.g. {@code drop=0.01} and {@code pause=1s@20s}. */
    public static Chaos parse(List<String> specs) {
        double drop = 0;
        Duration pause = null;
        Duration at = null;
        double slow = 0;
        Duration restart = null;
        Duration kill = null;
        Duration redisPause = null;
        Duration redisAt = null;
        Duration killPrimary = null;
        for (String spec : specs) {
            String s = spec.trim().toLowerCase(Locale.ROOT);
            Matcher m;
            if ((m = DROP.matcher(s)).matches()) {
                drop = Double.parseDouble(m.group(1));
                if (drop <= 0 || drop > 1) {
                    throw new IllegalArgumentException("--chaos drop must be a fraction per second in (0, 1], was " + m.group(1));
                }
            } else if ((m = RESTART.matcher(s)).matches()) {
                restart = duration(m.group(1));
            } else if ((m = SLOW.matcher(s)).matches()) {
                slow = Double.parseDouble(m.group(1));
                if (slow <= 0 || slow > 1) {
                    throw new IllegalArgumentException("--chaos slow must be a fraction of receivers in (0, 1], was " + m.group(1));
                }
            } else if ((m = KILL_GATEWAY.matcher(s)).matches()) {
                kill = duration(m.group(1));
            } else if ((m = KILL_REDIS_PRIMARY.matcher(s)).matches()) {
                killPrimary = duration(m.group(1));
            } else if ((m = REDIS_PAUSE.matcher(s)).matches()) {
                redisPause = duration(m.group(1));
                redisAt = duration(m.group(2));
            } else if ((m = PAUSE.matcher(s)).matches()) {
                pause = duration(m.group(1));
                at = duration(m.group(2));
            } else {
                throw new IllegalArgumentException("unknown --chaos '" + spec + "': expected drop=<fraction per second>, "
                        + "slow=<fraction>, pause=<duration>@<time>, restart@<time>, kill-gateway@<time>, "
                        + "redis-pause=<duration>@<time> or kill-redis-primary@<time>, e.g. drop=0.01, slow=0.1, "
                        + "pause=1s@20s, restart@20s, kill-gateway@5s, redis-pause=2s@5s or kill-redis-primary@4s");
            }
        }
        return new Chaos(drop, pause, at, slow, restart, kill, redisPause, redisAt, killPrimary);
    }

    private static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return text.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (dropPerSecond > 0) {
            out.append("drop=").append(dropPerSecond);
        }
        if (pause != null) {
            out.append(out.length() > 0 ? "," : "").append("pause=").append(pause.toMillis()).append("ms@")
                    .append(pauseAt.toMillis()).append("ms");
        }
        if (restartAt != null) {
            out.append(out.length() > 0 ? "," : "").append("restart@").append(restartAt.toMillis()).append("ms");
        }
        if (killGatewayAt != null) {
            out.append(out.length() > 0 ? "," : "").append("kill-gateway@").append(killGatewayAt.toMillis()).append("ms");
        }
        if (redisPause != null) {
            out.append(out.length() > 0 ? "," : "").append("redis-pause=").append(redisPause.toMillis()).append("ms@")
                    .append(redisPauseAt.toMillis()).append("ms");
        }
        if (killRedisPrimaryAt != null) {
            out.append(out.length() > 0 ? "," : "").append("kill-redis-primary@").append(killRedisPrimaryAt.toMillis())
                    .append("ms");
        }
        if (slowFraction > 0) {
            out.append(out.length() > 0 ? "," : "").append("slow=").append(slowFraction);
        }
        return out.length() == 0 ? "none" : out.toString();
    }
}
