package deliverybench.client.heartbeat;

import java.util.concurrent.atomic.LongAdder;

/** What a run's heartbeats did, over all its clients. */
public final class HeartbeatCounters {

    private final LongAdder heartbeats = new LongAdder();
    private final LongAdder deadFound = new LongAdder();

    void countHeartbeat() {
        heartbeats.increment();
    }

    void countDead() {
        deadFound.increment();
    }

    /** Heartbeats sent (active) or keep-alives heard (passive). */
    public long heartbeats() {
        return heartbeats.sum();
    }

    /** Connections found dead by a heartbeat that was not answered in time. */
    public long deadFound() {
        return deadFound.sum();
    }
}
