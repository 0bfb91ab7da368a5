package deliverybench.strategy.mqtt;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The persistent sessions (3.1.1 clean session 0, 5 session expiry above 0) by client id: where each
 * device's inbox was acknowledged up to, in which epoch, and whether it was subscribed. At most
 * {@code perUser} per user are kept, the least recently connected leaving first, so that a token cannot
 * fill the heap with device names.
 */
final class MqttSessions {

    /** One device's session as it outlives its connection. */
    static final class State {
        volatile long ackedSeq;
        volatile long epoch;
        volatile boolean subscribed;
        volatile long expiresAtMs;

        State(long epoch, long expiresAtMs) {
            this.epoch = epoch;
            this.expiresAtMs = expiresAtMs;
        }
    }

    private final int perUser;
    private final Map<String, LinkedHashMap<String, State>> byUser = new HashMap<>();

    MqttSessions(int perUser) {
        this.perUser = perUser;
    }

    /** The device's kept session, or null; an expired one is dropped. Moves it to the most recent. */
    synchronized State resume(String user, String device, long nowMs) {
        LinkedHashMap<String, State> devices = byUser.get(user);
        State state = devices == null ? null : devices.remove(device);
        if (state == null) {
            return null;
        }
        if (state.expiresAtMs < nowMs) {
            if (devices.isEmpty()) {
                byUser.remove(user);
            }
            return null;
        }
        devices.put(device, state);
        return state;
    }

    /** Keeps a new session for the device, replacing any, evicting the user's oldest past the bound. */
    synchronized State create(String user, String device, long epoch, long expiresAtMs) {
        LinkedHashMap<String, State> devices = byUser.computeIfAbsent(user, u -> new LinkedHashMap<>());
        devices.remove(device);
        while (devices.size() >= perUser) {
            devices.remove(devices.keySet().iterator().next());
        }
        State state = new State(epoch, expiresAtMs);
        devices.put(device, state);
        return state;
    }

    /** A clean session: nothing of the device's is kept. */
    synchronized void discard(String user, String device) {
        LinkedHashMap<String, State> devices = byUser.get(user);
        if (devices != null && devices.remove(device) != null && devices.isEmpty()) {
            byUser.remove(user);
        }
    }

    synchronized int size() {
        return byUser.values().stream().mapToInt(Map::size).sum();
    }
}
