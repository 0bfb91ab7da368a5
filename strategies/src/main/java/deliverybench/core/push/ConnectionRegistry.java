package deliverybench.core.push;

import deliverybench.core.stats.StrategyCounters;

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

    /** Messages queued and not yet written, over the live connections that book to {@code counters}. */
    public long queued(StrategyCounters counters) {
        long total = 0;
        for (Set<PushSession<?>> sessions : byUser.values()) {
            for (PushSession<?> session : sessions) {
                if (session.counters() == counters) {
                    total += session.queued();
                }
            }
        }
        return total;
    }

    /** Messages written and not yet acknowledged, over the live connections that book to {@code counters}. */
    public long unacked(StrategyCounters counters) {
        long total = 0;
        for (Set<PushSession<?>> sessions : byUser.values()) {
            for (PushSession<?> session : sessions) {
                if (session.counters() == counters) {
                    total += session.unacked();
                }
            }
        }
        return total;
    }
}
