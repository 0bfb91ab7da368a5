package deliverybench.server;

/** The paths a message can take through the server, each counted apart in {@code /stats}. */
public enum Strategy {
    SHORT_POLL("short_poll"),
    LONG_POLL("long_poll"),
    WEBSOCKET("websocket"),
    TCP("tcp"),
    SEND("send");

    private final String key;

    Strategy(String key) {
        this.key = key;
    }

    /** The snake_case name used in {@code /stats} and in result files. */
    public String key() {
        return key;
    }
}
