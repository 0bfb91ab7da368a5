package deliverybench.core.push;

import deliverybench.core.stats.StrategyCounters;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** user -> the live push connections of that user's devices (WebSocket, TCP, held streams), for the per-user cap and the queued and unacked gauges; an entry leaves when its connection closes. */
public final class ConnectionRegistry {

    private final ConcurrentHashMap<String, Set<PushSession<?>>> byUser = new ConcurrentHashMap<>();

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
            Set<PushSession<?>> set = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
            if (set.size() < maxDevices) {
                added[0] = set.add(session);
            }
            return set.isEmpty() ? null : set;
        });
        return added[0];
    }

    public void remove(PushSession<?> session) {
        byUser.computeIfPresent(session.user(), (user, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /**
     * Messages queued and not yet written, and written and not yet acknowledged, per counters, over
     * every live connection in one pass. {@code /stats} reads it every second: at 10,000 connections
     * a pass per gauge and key (nine: queued for 7 keys, unacked for 2) held an I/O thread for tens of
     * milliseconds of every second.
     */
    public Gauges gauges() {
        Map<StrategyCounters, long[]> totals = new IdentityHashMap<>();
        for (Set<PushSession<?>> sessions : byUser.values()) {
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
