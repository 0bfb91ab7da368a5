package deliverybench.cluster;

/** The names of {@code /stats}'s {@code cluster} object (contract, "Several gateways"), for the gateway that writes it and the driver that reads it. */
public final class ClusterStatsKeys {

    public static final String CLUSTER = "cluster";
    public static final String GATEWAY_ID = "gateway_id";
    public static final String ROUTING = "routing";
    public static final String REDIS_COMMANDS = "redis_commands";
    /** Of the commands, scripts ({@code EVALSHA}, {@code EVAL}). */
    public static final String REDIS_SCRIPTS = "redis_scripts";
    /** Scripts that stored one message for several recipients (a fan-out, one per primary). */
    public static final String FANOUT_SCRIPTS = "fanout_scripts";
    /** Of those, refused untouched because a slot had moved: their recipients were then sent one by one. */
    public static final String FANOUT_REFUSED = "fanout_refused";
    public static final String REDIS_BYTES_IN = "redis_bytes_in";
    public static final String REDIS_BYTES_OUT = "redis_bytes_out";
    /** Messages this gateway received from Redis to deliver. */
    public static final String ROUTED_IN = "routed_in";
    /** Received, but no connection on this gateway wanted them: the broadcast's waste. */
    public static final String ROUTED_DROPPED = "routed_dropped";
    /** This gateway's entries in the uid -> gateway map. */
    public static final String PRESENCE_ENTRIES = "presence_entries";

    private ClusterStatsKeys() {
    }
}
