package deliverybench.metric;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric a run records, declared once: its key in {@code run.json} (snake_case, unit last), its
 * unit, its row in the table, its tolerance in {@code compare} and its bar in the report. The table,
 * the report, {@code compare} and the theory iterate this catalogue; no metric key is written anywhere else.
 */
public enum Metric {
    // Delivery accounting: what the driver's ledger saw, from seq alone.
    // A capacity search (run --find-capacity): the highest rate within the objective, and what stopped it.
    CAPACITY_MSG_PER_S("capacity_msg_per_s", Unit.DECIMAL, "capacity msg/s", Show.WHEN_MEASURED),
    CAPACITY_DELIVERED_PER_S("capacity_delivered_per_s", Unit.DECIMAL, "  delivered/s at capacity", Show.WHEN_MEASURED),
    DRIVER_LIMITED_AT("driver_limited_at_msg_per_s", Unit.DECIMAL, "  driver-limited at msg/s", Show.WHEN_MEASURED),

    SCHEDULED("scheduled", Unit.COUNT, "messages scheduled", Show.HIDDEN),
    SENT("sent", Unit.COUNT, "messages sent", Show.TABLE),
    SEND_ERRORS("send_errors", Unit.COUNT, "send errors", Show.WHEN_NONZERO, Gate.ANY_RISE),
    NOT_SENT("not_sent", Unit.COUNT, "not sent (driver)", Show.WHEN_NONZERO),
    DELIVERED("delivered", Unit.COUNT, "delivered (all devices)", Show.TABLE),
    EXPECTED_DELIVERIES("expected_deliveries", Unit.COUNT, "expected deliveries", Show.HIDDEN),
    LOST("lost", Unit.COUNT, "lost", Show.TABLE, Gate.ANY_RISE),
    LOST_TO_RESTART("lost_to_restart", Unit.COUNT, "  of them at a restart", Show.WHEN_NONZERO),
    // Acknowledged, then forgotten: a later send to the same user was given the same seq (a promoted replica that had
    // not received the first), so each device gets only one of the two. Counted per device, like lost.
    LOST_IN_FAILOVER("lost_in_failover", Unit.COUNT, "  of them acknowledged, lost in a failover", Show.WHEN_NONZERO),
    LATE("late", Unit.COUNT, "late (after the grace)", Show.WHEN_NONZERO),
    UNDELIVERED_AT_CUTOFF("undelivered_at_cutoff", Unit.COUNT, "  still arriving at cut-off", Show.WHEN_NONZERO),
    DUPLICATES("duplicates", Unit.COUNT, "duplicates", Show.TABLE, Gate.ANY_RISE),
    // Sent again by the server and skipped by the device before the ledger (XMPP after a failed resume).
    RESENT_TO_DEVICE("resent_to_device", Unit.COUNT, "  resent, skipped by device", Show.WHEN_NONZERO),
    OUT_OF_ORDER("out_of_order", Unit.COUNT, "out of order", Show.TABLE, Gate.ANY_RISE),
    RECONNECTS("reconnects", Unit.COUNT, "reconnects", Show.TABLE),
    // Heartbeats (run --heartbeat) over the whole run, connect to drain: what finding a dead connection costs and saves.
    HEARTBEATS("heartbeats", Unit.COUNT, "heartbeats", Show.WHEN_NONZERO),
    HEARTBEATS_PER_DEVICE_HOUR("heartbeats_per_device_hour", Unit.DECIMAL, "  heartbeats per device-hour",
            Show.WHEN_NONZERO),
    DEAD_FOUND_BY_HEARTBEAT("dead_found_by_heartbeat", Unit.COUNT, "dead connections found by heartbeat",
            Show.WHEN_NONZERO),
    // A message sent before its device found its connection dead and delivered after: it waited on the dead one.
    DEAD_WAITED("dead_waited", Unit.COUNT, "msgs that waited on a dead conn.", Show.WHEN_NONZERO),
    DEAD_WAIT_MEAN_US("dead_wait_mean_us", Unit.MICROSECONDS, "  their latency, mean", Show.WHEN_MEASURED),
    DEAD_WAIT_MAX_US("dead_wait_max_us", Unit.MICROSECONDS, "  their latency, max", Show.WHEN_MEASURED),
    GONE("gone", Unit.COUNT, "told gone (410)", Show.TABLE),
    RECEIVER_ERRORS("receiver_errors", Unit.COUNT, "receiver errors", Show.WHEN_NONZERO),
    RECORDED("recorded", Unit.COUNT, "latencies recorded", Show.HIDDEN),
    WARMUP_MS("warmup_ms", Unit.COUNT, "warm-up ms (JIT quiet)", Show.TABLE),
    DRAIN_MS("drain_ms", Unit.COUNT, "drain ms after the last send", Show.HIDDEN),

    // Latency, corrected for coordinated omission (from the intended send time) and not (from the actual one).
    LATENCY_P50_US("latency_p50_us", Unit.MICROSECONDS, "latency p50", Show.TABLE, Gate.latency(2_000)),
    LATENCY_P90_US("latency_p90_us", Unit.MICROSECONDS, "latency p90", Show.TABLE),
    LATENCY_P99_US("latency_p99_us", Unit.MICROSECONDS, "latency p99", Show.TABLE, Gate.latency(2_000)),
    LATENCY_P999_US("latency_p999_us", Unit.MICROSECONDS, "latency p99.9", Show.TABLE),
    LATENCY_MAX_US("latency_max_us", Unit.MICROSECONDS, "latency max", Show.TABLE),
    LATENCY_MEAN_US("latency_mean_us", Unit.MICROSECONDS, "latency mean", Show.HIDDEN),
    UNCORRECTED_LATENCY_P50_US("uncorrected_latency_p50_us", Unit.MICROSECONDS, "uncorrected p50", Show.HIDDEN),
    UNCORRECTED_LATENCY_P90_US("uncorrected_latency_p90_us", Unit.MICROSECONDS, "uncorrected p90", Show.HIDDEN),
    UNCORRECTED_LATENCY_P99_US("uncorrected_latency_p99_us", Unit.MICROSECONDS, "uncorrected p99", Show.TABLE,
            Gate.latency(2_000)),
    UNCORRECTED_LATENCY_P999_US("uncorrected_latency_p999_us", Unit.MICROSECONDS, "uncorrected p99.9", Show.HIDDEN),
    UNCORRECTED_LATENCY_MAX_US("uncorrected_latency_max_us", Unit.MICROSECONDS, "uncorrected max", Show.HIDDEN),
    UNCORRECTED_LATENCY_MEAN_US("uncorrected_latency_mean_us", Unit.MICROSECONDS, "uncorrected mean", Show.HIDDEN),
    LATENCY_P50_FLOOR_MULTIPLE("latency_p50_floor_multiple", Unit.MULTIPLE, "p50 / loopback floor", Show.TABLE),
    LATENCY_P99_FLOOR_MULTIPLE("latency_p99_floor_multiple", Unit.MULTIPLE, "p99 / loopback floor", Show.HIDDEN),

    // The server's cost in the measured window, from two reads of /stats.
    SERVER_MESSAGES_DELIVERED("server_messages_delivered", Unit.COUNT, "server deliveries", Show.HIDDEN),
    SERVER_REQUESTS_PER_SECOND("server_requests_per_second", Unit.DECIMAL, "server requests/s", Show.TABLE),
    EMPTY_RESPONSES("empty_responses", Unit.COUNT, "empty answers", Show.HIDDEN),
    WASTED_RATIO("wasted_ratio", Unit.RATIO, "wasted (empty) ratio", Show.TABLE, Gate.shape(0, 0.05),
            new Bar("Wasted (empty) answers", "fraction of requests")),
    REQUESTS_PER_MESSAGE("requests_per_message", Unit.DECIMAL, "requests per message", Show.TABLE, Gate.shape(0.15, 0.05),
            new Bar("Requests per delivered message", "requests")),
    BYTES_PER_MESSAGE("bytes_per_message", Unit.BYTES, "wire bytes per message", Show.TABLE, Gate.shape(0.10, 5),
            new Bar("Wire bytes per delivered message", "bytes")),
    // The wire bytes split: the body as the device got it, and everything else (framing, headers, JSON, acks).
    PAYLOAD_BYTES_PER_MESSAGE("payload_bytes_per_message", Unit.BYTES, "  payload bytes per msg", Show.WHEN_MEASURED),
    OVERHEAD_BYTES_PER_MESSAGE("overhead_bytes_per_message", Unit.BYTES, "  protocol overhead per msg",
            Show.WHEN_MEASURED, Gate.NONE, new Bar("Protocol overhead per delivered message: wire bytes less the body",
            "bytes")),
    // Under TLS (run --tls): the same bytes as they crossed the socket, records, headers and tags included.
    TLS_BYTES_PER_MESSAGE("tls_bytes_per_message", Unit.BYTES, "  with TLS records", Show.WHEN_MEASURED, Gate.NONE,
            new Bar("Bytes per delivered message on the socket, TLS included", "bytes")),
    TLS_FULL_HANDSHAKES("tls_full_handshakes", Unit.COUNT, "TLS full handshakes", Show.WHEN_MEASURED),
    TLS_RESUMED_HANDSHAKES("tls_resumed_handshakes", Unit.COUNT, "TLS resumed handshakes", Show.WHEN_MEASURED),
    STORE_READS_PER_MESSAGE("store_reads_per_message", Unit.DECIMAL, "store reads per msg", Show.TABLE,
            Gate.shape(0.15, 0.05), new Bar("Store reads per delivered message", "reads")),
    DELIVERED_PER_SECOND("delivered_per_second", Unit.DECIMAL, "delivered msg/s", Show.TABLE),
    SERVER_CPU_US_PER_MESSAGE("server_cpu_us_per_message", Unit.DECIMAL, "server CPU us per msg", Show.TABLE,
            Gate.cpu(50), new Bar("Server CPU on the request path per delivered message", "microseconds")),
    SERVER_JIT_US_PER_MESSAGE("server_jit_us_per_message", Unit.DECIMAL, "  JIT us per msg", Show.TABLE),
    SERVER_GC_US_PER_MESSAGE("server_gc_us_per_message", Unit.DECIMAL, "  GC us per msg", Show.TABLE),
    SERVER_PROCESS_CPU_US_PER_MESSAGE("server_process_cpu_us_per_message", Unit.DECIMAL, "  all threads us per msg",
            Show.TABLE),
    SERVER_CPU_PERCENT("server_cpu_percent", Unit.PERCENT, "server CPU % (all)", Show.TABLE),
    SERVER_CORES("server_cores", Unit.COUNT, "server cores", Show.HIDDEN),
    SERVER_THREADS("server_threads", Unit.COUNT, "server threads", Show.TABLE),
    SERVER_HEAP_BYTES("server_heap_bytes", Unit.BYTES, "server heap", Show.TABLE),
    SERVER_HEAP_PEAK_BYTES("server_heap_peak_bytes", Unit.BYTES, "server heap peak", Show.TABLE),
    SERVER_OPEN_CONNECTIONS("server_open_connections", Unit.COUNT, "server connections", Show.HIDDEN),
    SERVER_UNACKED_MESSAGES("server_unacked_messages", Unit.COUNT, "unacked at the end", Show.HIDDEN),
    SEND_BYTES_PER_MESSAGE("send_bytes_per_message", Unit.BYTES, "send bytes per message", Show.TABLE, Gate.shape(0.05, 5)),
    SEND_TLS_BYTES_PER_MESSAGE("send_tls_bytes_per_message", Unit.BYTES, "  with TLS records", Show.WHEN_MEASURED),

    // Several gateways on Redis (run --gateways): what finding a user's connections costs, per routing; absent on one server.
    GATEWAYS("gateways", Unit.COUNT, "gateways", Show.WHEN_NONZERO),
    CROSS_GATEWAY_SHARE("cross_gateway_share", Unit.RATIO, "cross-gateway share", Show.WHEN_NONZERO),
    REDIS_COMMANDS_PER_MESSAGE("redis_commands_per_message", Unit.DECIMAL, "Redis commands per msg", Show.WHEN_NONZERO,
            Gate.NONE, new Bar("Redis commands per delivered message", "commands")),
    REDIS_BYTES_PER_MESSAGE("redis_bytes_per_message", Unit.BYTES, "Redis bytes per msg", Show.WHEN_NONZERO,
            Gate.NONE, new Bar("Redis bytes per delivered message (in and out)", "bytes")),
    REDIS_CPU_US_PER_MESSAGE("redis_cpu_us_per_message", Unit.DECIMAL, "Redis CPU us per msg", Show.WHEN_NONZERO),
    ROUTED_PER_MESSAGE("routed_per_message", Unit.DECIMAL, "routed to gateways per msg", Show.WHEN_NONZERO),
    ROUTED_DROPPED_RATIO("routed_dropped_ratio", Unit.RATIO, "routed and dropped ratio", Show.WHEN_NONZERO,
            Gate.NONE, new Bar("Notifications a gateway received and dropped (the broadcast's waste)", "fraction")),
    PRESENCE_ENTRIES("presence_entries", Unit.COUNT, "presence entries", Show.WHEN_NONZERO),
    // On a Redis Cluster (run --redis-shards): how evenly the primaries carry the commands.
    REDIS_SHARDS("redis_shards", Unit.COUNT, "Redis shards", Show.WHEN_NONZERO),
    REDIS_BUSIEST_SHARD_SHARE("redis_busiest_shard_share", Unit.RATIO, "busiest shard's command share", Show.WHEN_NONZERO),
    // A classic PUBLISH is copied to every other node; a sharded one only to its shard's replicas (run --broadcast).
    REDIS_BUS_PUBLISHES_PER_MESSAGE("redis_bus_publishes_per_message", Unit.DECIMAL, "cluster bus publishes per msg",
            Show.WHEN_NONZERO),
    // A killed primary (run --chaos kill-redis-primary), over the sends whose recipient's slot it served: from the
    // kill to the first such send written after it and stored, and what failed or waited in between.
    FAILOVER_RECOVERY_US("failover_recovery_us", Unit.MICROSECONDS, "failover: time to recover", Show.WHEN_MEASURED),
    FAILOVER_SEND_ERRORS("failover_send_errors", Unit.COUNT, "  sends failed in the gap", Show.WHEN_MEASURED),
    FAILOVER_DELAYED("failover_delayed", Unit.COUNT, "  sends delayed through the gap", Show.WHEN_MEASURED),
    // From writing a send to its answer (202 and its seq): what --redis-wait costs.
    SEND_ANSWER_P50_US("send_answer_p50_us", Unit.MICROSECONDS, "send answered p50", Show.WHEN_MEASURED),
    SEND_ANSWER_P99_US("send_answer_p99_us", Unit.MICROSECONDS, "send answered p99", Show.WHEN_MEASURED),
    PRESENCE_UPKEEP_PER_SECOND("presence_upkeep_commands_per_second", Unit.DECIMAL, "presence upkeep cmds/s",
            Show.WHEN_NONZERO),

    // The phone's radio (run --radio): a published power model run on the sampled devices' timelines at the link,
    // per device-hour of the measured window (docs/battery.md).
    RADIO_ON_S_PER_HOUR("radio_on_s_per_device_hour", Unit.DECIMAL, "radio on s per device-hour", Show.WHEN_MEASURED),
    RADIO_ENERGY_J_PER_HOUR("radio_energy_j_per_device_hour", Unit.DECIMAL, "energy J per device-hour",
            Show.WHEN_MEASURED, Gate.NONE, new Bar("Radio energy per device-hour (run --radio's model)", "joules")),
    // The same model on the ideal timeline the workload implies (docs/battery.md, "Theory beside the measure").
    RADIO_THEORY_J_PER_HOUR("radio_theory_j_per_device_hour", Unit.DECIMAL, "  theory J per device-hour",
            Show.WHEN_MEASURED),
    RADIO_PROMOTIONS_PER_HOUR("radio_promotions_per_device_hour", Unit.DECIMAL, "promotions per device-hour",
            Show.WHEN_MEASURED),
    RADIO_BYTES_PER_HOUR("radio_bytes_per_device_hour", Unit.BYTES, "bytes per device-hour", Show.WHEN_MEASURED),
    RADIO_BATTERY_PERCENT_PER_DAY("radio_battery_percent_per_day", Unit.PERCENT, "% of a 15 Wh battery per day",
            Show.WHEN_MEASURED),
    // The measured window over the slowest periodic event's period (poll interval, poll wait, keep-alive): under 3,
    // a device-hour figure is extrapolated from too few periods, and the table says so.
    RADIO_WINDOW_PERIODS("radio_window_periods", Unit.DECIMAL, "  window / slowest period", Show.WHEN_MEASURED),
    RADIO_DEVICES("radio_devices", Unit.COUNT, "  devices sampled", Show.WHEN_MEASURED),

    // The driver's own health: when these are high, the driver, not the server, was the limit.
    SEND_RATE_ASKED("send_rate_asked", Unit.DECIMAL, "asked send rate/s", Show.HIDDEN),
    SEND_RATE_ACHIEVED("send_rate_achieved", Unit.DECIMAL, "achieved send rate/s", Show.TABLE),
    DRIVER_SEND_DELAY_P50_US("driver_send_delay_p50_us", Unit.MICROSECONDS, "driver send delay p50", Show.HIDDEN),
    DRIVER_SEND_DELAY_P99_US("driver_send_delay_p99_us", Unit.MICROSECONDS, "driver send delay p99", Show.TABLE),
    DRIVER_SEND_DELAY_MAX_US("driver_send_delay_max_us", Unit.MICROSECONDS, "driver send delay max", Show.HIDDEN),
    SEND_BACKLOG_MAX("send_backlog_max", Unit.COUNT, "driver send backlog max", Show.TABLE),
    DRIVER_LAG_P99_US("driver_lag_p99_us", Unit.MICROSECONDS, "driver lag p99", Show.TABLE),
    // The driver's share of the p99: its send delay at p99 over the corrected p99, in percent. Near 100,
    // the tail is the driver's own sending, not the server's (issue 28); docs/method.md, "the driver's own tail".
    DRIVER_SHARE_OF_P99_PERCENT("driver_share_of_p99_percent", Unit.PERCENT, "driver share of p99 %", Show.WHEN_MEASURED),
    DRIVER_LAG_MAX_US("driver_lag_max_us", Unit.MICROSECONDS, "driver lag max", Show.HIDDEN),
    DRIVER_CPU_PERCENT("driver_cpu_percent", Unit.PERCENT, "driver CPU %", Show.TABLE),
    /**
     * The driver's CPU per message the server delivered, apart from its JIT's and GC's, as the server's own row counts
     * its: to set beside {@link #SERVER_CPU_US_PER_MESSAGE}.
     */
    DRIVER_CPU_US_PER_MESSAGE("driver_cpu_us_per_message", Unit.DECIMAL, "driver CPU us per msg", Show.TABLE),
    DRIVER_PROCESS_CPU_US_PER_MESSAGE("driver_process_cpu_us_per_message", Unit.DECIMAL, "  driver all threads us per msg",
            Show.TABLE),
    DRIVER_THREADS("driver_threads", Unit.COUNT, "driver threads", Show.TABLE),
    DRIVER_CORES("driver_cores", Unit.COUNT, "driver cores", Show.HIDDEN);

    /** Where a metric shows in the side-by-side table. */
    public enum Show {
        TABLE,
        /** Only when some strategy's value is above zero. */
        WHEN_NONZERO,
        /** Only when some strategy has a value. */
        WHEN_MEASURED,
        /** In run.json and summary.csv only. */
        HIDDEN
    }

    /** A bar chart of the metric, one bar per strategy, in the report. */
    public record Bar(String title, String axis) {
    }

    private static final Map<String, Metric> BY_KEY = new HashMap<>();

    static {
        for (Metric metric : values()) {
            BY_KEY.put(metric.key, metric);
        }
    }

    private final String key;
    private final Unit unit;
    private final String label;
    private final Show show;
    private final Gate gate;
    private final Bar bar;

    Metric(String key, Unit unit, String label, Show show) {
        this(key, unit, label, show, Gate.NONE, null);
    }

    Metric(String key, Unit unit, String label, Show show, Gate gate) {
        this(key, unit, label, show, gate, null);
    }

    Metric(String key, Unit unit, String label, Show show, Gate gate, Bar bar) {
        this.key = key;
        this.unit = unit;
        this.label = label;
        this.show = show;
        this.gate = gate;
        this.bar = bar;
    }

    /** The name in run.json and summary.csv. */
    public String key() {
        return key;
    }

    public Unit unit() {
        return unit;
    }

    /** The row label in the table. */
    public String label() {
        return label;
    }

    public Show show() {
        return show;
    }

    public Gate gate() {
        return gate;
    }

    public Optional<Bar> bar() {
        return Optional.ofNullable(bar);
    }

    public String format(double value) {
        return unit.format(value);
    }

    /** The metric with this key, if the catalogue has one (a newer run.json may carry more). */
    public static Optional<Metric> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }
}
