package deliverybench.strategy;

import deliverybench.strategy.longpoll.LongPoll;
import deliverybench.strategy.longpoll.LongPollScan;
import deliverybench.strategy.mqtt.MqttPush;
import deliverybench.strategy.shortpoll.ShortPoll;
import deliverybench.strategy.sse.ServerSentEvents;
import deliverybench.strategy.stream.HttpStreaming;
import deliverybench.strategy.tcp.TcpPush;
import deliverybench.strategy.websocket.WebSocketPush;
import deliverybench.strategy.xmpp.XmppPush;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one list of strategies. The server, the driver, {@code /stats}, the table, the report, the
 * theory, {@code compare} and the scenarios iterate it; adding a strategy is its package and one line here.
 */
public final class Strategies {

    private static final List<Strategy> REGISTERED = List.of(
            new ShortPoll(),
            new LongPoll(),
            new LongPollScan(),
            new WebSocketPush(),
            new TcpPush(),
            new ServerSentEvents(),
            new HttpStreaming(),
            new MqttPush(),
            new XmppPush());

    static {
        Set<String> names = new HashSet<>();
        for (Strategy strategy : REGISTERED) {
            if (!names.add(strategy.name())) {
                throw new IllegalStateException("two strategies are named " + strategy.name());
            }
        }
    }

    private Strategies() {
    }

    /** Every registered strategy, variants included, in the order tables and reports list them. */
    public static List<Strategy> all() {
        return REGISTERED;
    }

    /** What {@code --strategy all} measures: every strategy that is not a variant of another. */
    public static List<Strategy> standard() {
        return REGISTERED.stream().filter(s -> !s.variant()).toList();
    }

    /** The names, variants included, for help texts and errors. */
    public static List<String> names() {
        return REGISTERED.stream().map(Strategy::name).toList();
    }

    /** The strategy of that name (case-insensitive); fails naming every known one. */
    public static Strategy byName(String name) {
        for (Strategy strategy : REGISTERED) {
            if (strategy.name().equalsIgnoreCase(name.trim())) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + name + "'; expected one of " + String.join(", ", names())
                + ", all (" + String.join(", ", standard().stream().map(Strategy::name).toList()) + ") or every");
    }

    /** The strategy of that name, or null for one this build does not know (an old or newer run file). */
    public static Strategy find(String name) {
        for (Strategy strategy : REGISTERED) {
            if (strategy.name().equals(name.toLowerCase(Locale.ROOT))) {
                return strategy;
            }
        }
        return null;
    }

    /**
     * Parses {@code --strategy}: comma-separated names, {@code all} for {@link #standard()} and
     * {@code every} for {@link #all()}; each strategy once, in the order given.
     */
    public static List<Strategy> parse(List<String> names) {
        java.util.LinkedHashSet<Strategy> chosen = new java.util.LinkedHashSet<>();
        for (String name : names) {
            String n = name.trim();
            if (n.equalsIgnoreCase("all")) {
                chosen.addAll(standard());
            } else if (n.equalsIgnoreCase("every")) {
                chosen.addAll(all());
            } else if (!n.isEmpty()) {
                chosen.add(byName(n));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no strategy named; expected one of " + String.join(", ", names()));
        }
        return List.copyOf(chosen);
    }
}
