package deliverybench.core;

/** The names in the {@code /stats} document (contract, "Server counters"), shared by the server that writes it and the driver that reads it. */
public final class StatsKeys {

    /** The counters of {@code POST /messages}, beside each strategy's. */
    public static final String SEND = "send";

    public static final String REQUESTS = "requests";
    public static final String EMPTY_RESPONSES = "empty_responses";
    public static final String MESSAGES_DELIVERED = "messages_delivered";
    public static final String BYTES_IN = "bytes_in";
    public static final String BYTES_OUT = "bytes_out";
    public static final String STORE_READS = "store_reads";
    public static final String OPEN_CONNECTIONS = "open_connections";
    /** A gauge of strategies whose clients ack: messages written and not yet acknowledged. */
    public static final String UNACKED_MESSAGES = "unacked_messages";

    public static final String CPU_NS = "cpu_ns";
    public static final String HEAP_USED_BYTES = "heap_used_bytes";
    public static final String THREADS = "threads";
    public static final String UPTIME_MS = "uptime_ms";

    /** The store's object: its total {@link #STORE_READS}, {@link #SUBSCRIBERS} and {@link #EPOCH}. */
    public static final String STORE = "store";
    public static final String SUBSCRIBERS = "subscribers";
    public static final String EPOCH = "epoch";

    private StatsKeys() {
    }
}
