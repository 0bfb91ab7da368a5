package deliverybench.core.stats;

/** The names in the {@code /stats} document (contract, "Server counters"), shared by the server that writes it and the driver that reads it. */
public final class StatsKeys {

    /** The counters of {@code POST /messages}, beside each strategy's. */
    public static final String SEND = "send";

    public static final String REQUESTS = "requests";
    public static final String EMPTY_RESPONSES = "empty_responses";
    public static final String MESSAGES_DELIVERED = "messages_delivered";
    public static final String BYTES_IN = "bytes_in";
    public static final String BYTES_OUT = "bytes_out";
    /** Bytes as they crossed the socket: under TLS with its records, else the same as {@link #BYTES_IN}. */
    public static final String WIRE_BYTES_IN = "wire_bytes_in";
    public static final String WIRE_BYTES_OUT = "wire_bytes_out";
    /** The TLS section ({@code serve --tls}): handshakes since start. */
    public static final String TLS = "tls";
    public static final String TLS_HANDSHAKES_FULL = "handshakes_full";
    public static final String TLS_HANDSHAKES_RESUMED = "handshakes_resumed";
    public static final String STORE_READS = "store_reads";
    public static final String OPEN_CONNECTIONS = "open_connections";
    /** Connections refused for their token (booked by the strategies that count it: mqtt). */
    public static final String AUTH_REFUSED = "auth_refused";
    /** A gauge of strategies whose clients ack: messages written and not yet acknowledged. */
    public static final String UNACKED_MESSAGES = "unacked_messages";
    /** A gauge: messages queued for a push connection or a held stream and not yet written. */
    public static final String QUEUED_MESSAGES = "queued_messages";

    public static final String CPU_NS = "cpu_ns";
    /** CPU of the request path: the server's XNIO I/O and task threads. */
    public static final String REQUEST_CPU_NS = "request_cpu_ns";
    /** CPU of the JIT compiler's threads. */
    public static final String JIT_CPU_NS = "jit_cpu_ns";
    /** CPU of the garbage collector's threads. */
    public static final String GC_CPU_NS = "gc_cpu_ns";
    /** The JIT's own total compile time (CompilationMXBean): flat once the code is warm. */
    public static final String JIT_COMPILE_MS = "jit_compile_ms";
    /** Time spent in collections (GarbageCollectorMXBeans). */
    public static final String GC_PAUSE_MS = "gc_pause_ms";
    /** The cores this process may run on (its CPU affinity). */
    public static final String CORES = "cores";
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
