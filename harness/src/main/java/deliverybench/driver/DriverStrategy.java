package deliverybench.driver;

import java.util.List;

/** The strategies {@code run} can measure, with the server counters and server mode each needs. */
public enum DriverStrategy {
    SHORT_POLL("short-poll", "short_poll", List.of()),
    LONG_POLL("long-poll", "long_poll", List.of()),
    LONG_POLL_SCAN("long-poll-scan", "long_poll", List.of("--long-poll-wake", "scan")),
    WEBSOCKET("websocket", "websocket", List.of()),
    TCP("tcp", "tcp", List.of());

    /** What {@code all} means: the four classic answers. */
    public static final List<DriverStrategy> ALL = List.of(SHORT_POLL, LONG_POLL, WEBSOCKET, TCP);

    private final String cliName;
    private final String statsKey;
    private final List<String> serverArgs;

    DriverStrategy(String cliName, String statsKey, List<String> serverArgs) {
        this.cliName = cliName;
        this.statsKey = statsKey;
        this.serverArgs = serverArgs;
    }

    public String cliName() {
        return cliName;
    }

    /** The key of this strategy's counters in {@code /stats}. */
    public String statsKey() {
        return statsKey;
    }

    /** Extra {@code serve} arguments this strategy needs from a spawned server. */
    public List<String> serverArgs() {
        return serverArgs;
    }

    public boolean isPush() {
        return this == WEBSOCKET || this == TCP;
    }

    public static DriverStrategy parse(String name) {
        for (DriverStrategy strategy : values()) {
            if (strategy.cliName.equalsIgnoreCase(name) || strategy.name().equalsIgnoreCase(name)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + name + "'; expected one of short-poll, long-poll, "
                + "long-poll-scan, websocket, tcp, all");
    }
}
