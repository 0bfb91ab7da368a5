package deliverybench.server;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** user -> the live push connections of that user's devices (WebSocket and TCP); an entry leaves when its connection closes. */
final class ConnectionRegistry {

    private final ConcurrentHashMap<String, Set<PushSession<?>>> byUser = new ConcurrentHashMap<>();

    void add(PushSession<?> session) {
        byUser.computeIfAbsent(session.user(), u -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void remove(PushSession<?> session) {
        byUser.computeIfPresent(session.user(), (user, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** The user's live connections now, one per device. */
    List<PushSession<?>> connections(String user) {
        Set<PushSession<?>> sessions = byUser.get(user);
        return sessions == null ? List.of() : List.copyOf(sessions);
    }

    int users() {
        return byUser.size();
    }
}
