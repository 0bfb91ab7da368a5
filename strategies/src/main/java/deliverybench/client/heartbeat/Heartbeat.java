package deliverybench.client.heartbeat;

/**
 * One connection's heartbeat. Active (WebSocket ping, TCP PING, MQTT PINGREQ, XMPP {@code <r/>}): an interval
 * after the connection opened or the last answer it sends one, and an answer not back within the deadline finds
 * the connection dead. Passive (SSE, HTTP streaming): the server writes a keep-alive after the interval's silence,
 * so nothing heard for the interval plus the deadline finds it dead. Dead: counted, the schedule backs off, and
 * {@code dead} runs (the receiver closes the connection; its reconnector connects again and resumes). Every
 * method runs on the connection's thread.
 */
public final class Heartbeat {

    private final HeartbeatSchedule schedule;
    private final Timers timers;
    private final Runnable ping;
    private final Runnable dead;
    private final HeartbeatCounters counters;
    private Timers.Timer timer;
    private boolean awaiting;
    private boolean stopped;
    // Passive: the server's keep-alive interval this answer asked for, and when its last line came.
    private long silenceNs;
    private long lastHeardNs;

    private Heartbeat(HeartbeatSchedule schedule, Timers timers, Runnable ping, Runnable dead, HeartbeatCounters counters) {
        this.schedule = schedule;
        this.timers = timers;
        this.ping = ping;
        this.dead = dead;
        this.counters = counters;
    }

    /** Sends {@code ping} on the schedule; the receiver calls {@link #answered} for each answer. */
    public static Heartbeat active(HeartbeatSchedule schedule, Timers timers, Runnable ping, Runnable dead,
                                   HeartbeatCounters counters) {
        Heartbeat heartbeat = new Heartbeat(schedule, timers, ping, dead, counters);
        heartbeat.timer = timers.after(schedule.intervalNs(), heartbeat::beat);
        return heartbeat;
    }

    /**
     * Watches a stream whose server writes a keep-alive after {@code keepAliveNs} of silence; the receiver calls
     * {@link #heard} for every line and {@link #answered} for every keep-alive.
     */
    public static Heartbeat passive(HeartbeatSchedule schedule, long keepAliveNs, Timers timers, Runnable dead,
                                    HeartbeatCounters counters) {
        Heartbeat heartbeat = new Heartbeat(schedule, timers, null, dead, counters);
        heartbeat.silenceNs = keepAliveNs + schedule.policy().deadlineNs();
        heartbeat.lastHeardNs = timers.nanoTime();
        heartbeat.timer = timers.after(heartbeat.silenceNs, heartbeat::check);
        return heartbeat;
    }

    /** A line came (passive). */
    public void heard() {
        lastHeardNs = timers.nanoTime();
    }

    /** The heartbeat's answer came: a pong, or (passive) the server's keep-alive. */
    public void answered() {
        if (stopped) {
            return;
        }
        if (ping == null) {
            counters.countHeartbeat();
            schedule.answered();
            heard();
            return;
        }
        if (!awaiting) {
            return;
        }
        awaiting = false;
        schedule.answered();
        timer.cancel();
        timer = timers.after(schedule.intervalNs(), this::beat);
    }

    /** The connection closed for another reason: no more timers. */
    public void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void beat() {
        if (stopped) {
            return;
        }
        awaiting = true;
        counters.countHeartbeat();
        ping.run();
        timer = timers.after(schedule.policy().deadlineNs(), this::unanswered);
    }

    private void unanswered() {
        if (!stopped && awaiting) {
            died();
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        long silentNs = timers.nanoTime() - lastHeardNs;
        if (silentNs >= silenceNs) {
            died();
        } else {
            timer = timers.after(silenceNs - silentNs, this::check);
        }
    }

    private void died() {
        stopped = true;
        schedule.lost();
        counters.countDead();
        dead.run();
    }
}
