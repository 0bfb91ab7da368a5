package deliverybench.cluster;

import java.util.Locale;

/** How a message sent to one gateway finds the gateways that hold its user's connections. */
public enum Routing {
    /** A uid -> gateway map in Redis, kept by heartbeats; a send publishes only to the gateways holding the user. */
    MAP,
    /** One channel every gateway reads; each delivers to its own connections and drops the rest. */
    BROADCAST,
    /** A channel per user, subscribed by the gateways that hold one of its connections (sharded pub/sub). */
    CHANNEL;

    /** The name on the command line, in {@code /stats} and in result names ({@code websocket@map}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Routing parse(String text) {
        for (Routing routing : values()) {
            if (routing.key().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return routing;
            }
        }
        throw new IllegalArgumentException("unknown routing '" + text + "': expected map, broadcast or channel");
    }
}
