package deliverybench.core.push;

import deliverybench.core.stats.StrategyCounters;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** user -> the live push connections of that user's devices (WebSocket, TCP, held streams), for the per-user cap and the queued and unacked gauges; an entry leaves when its connection closes. */
public final class ConnectionRegistry {

    // A user's sessions as a small array, replaced whole under the map's lock for its key: a set of its own per user
    // (a map, its table, a view, a node: about 200 bytes) was a tenth of a TCP connection's heap at 10,000 users.
    private final ConcurrentHashMap<String, PushSession<?>[]> byUser = new ConcurrentHashMap<>();

    private final int maxDevices;

    public ConnectionRegistry(int maxDevices) {
        this.maxDevices = maxDevices;
    }

    public int maxDevices() {
        return maxDevices;
    }

    /** Adds the connection unless its user already has {@code maxDevices} open; returns whether it was added. */
    public boolean add(PushSession<?> session) {
        boolean[] added = new boolean[1];
        byUser.compute(session.user(), (user, sessions) -> {
            if (sessions == null) {
                added[0] = maxDevices > 0;
                return added[0] ? new PushSession<?>[] {session} : null;
            }
            if (sessions.length >= maxDevices || indexOf(sessions, session) >= 0) {
                return sessions;
            }
            PushSession<?>[] more = Arrays.copyOf(sessions, sessions.length + 1);
            more[sessions.length] = session;
            added[0] = true;
            return more;
        });
        return added[0];
    }

    public void remove(PushSession<?> session) {
        byUser.computeIfPresent(session.user(), (user, sessions) -> {
            int at = indexOf(sessions, session);
            if (at < 0) {
                return sessions;
            }
            if (sessions.length == 1) {
                return null;
            }
            PushSession<?>[] fewer = new PushSession<?>[sessions.length - 1];
            System.arraycopy(sessions, 0, fewer, 0, at);
            System.arraycopy(sessions, at + 1, fewer, at, sessions.length - at - 1);
            return fewer;
        });
    }

    private static int indexOf(PushSession<?>[] sessions, PushSession<?> session) {
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] == session) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Messages queued and not yet written, and written and not yet acknowledged, per counters, over
     * every live connection in one pass. {@code /stats} reads it every second: at 10,000 connections
     * a pass per gauge and key (nine: queued for 7 keys, unacked for 2) held an I/O thread for tens of
     * milliseconds of every second.
     */
    public Gauges gauges() {
        Map<StrategyCounters, long[]> totals = new IdentityHashMap<>();
        for (PushSession<?>[] sessions : byUser.values()) {
            for (PushSession<?> session : sessions) {
                long[] total = totals.computeIfAbsent(session.counters(), c -> new long[2]);
                total[0] += session.queued();
                total[1] += session.unacked();
            }
        }
        return new Gauges(totals);
    }

    /** The gauges of one pass; a counters with no live connection reads 0. */
    public static final class Gauges {

        private static final long[] NONE = new long[2];
        private final Map<StrategyCounters, long[]> totals;

        private Gauges(Map<StrategyCounters, long[]> totals) {
            this.totals = totals;
        }

        public long queued(StrategyCounters counters) {
            return totals.getOrDefault(counters, NONE)[0];
        }

        public long unacked(StrategyCounters counters) {
            return totals.getOrDefault(counters, NONE)[1];
        }
    }
}
