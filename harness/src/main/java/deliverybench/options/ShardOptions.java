package deliverybench.options;

import picocli.CommandLine.Option;

/** {@code run --shards K}: the driver as K processes, each with an exact part of the users and the rate (docs/shards.md). */
public final class ShardOptions extends Group {

    /** The most driver processes one run starts. */
    public static final int MAX_SHARDS = 64;

    @Option(names = "--shards", defaultValue = "1",
            description = "Drive the load from K driver processes (deliverybench drive --shard I/K), each with an exact "
                    + "part of the users and the send rate, all starting at one instant; their HdrHistogram logs are added "
                    + "interval by interval and their ledgers summed into one run folder. --driver-cpus A/B/.. pins "
                    + "shard I to the I-th cpu list (docs/shards.md). Default: ${DEFAULT-VALUE}.")
    int shards;

    void validate() {
        require(shards >= 1 && shards <= MAX_SHARDS, "--shards must be from 1 to " + MAX_SHARDS + ", was " + shards);
    }

    /** The number of driver processes: 1 for the run in this process. */
    public int shards() { return shards; }

    /** True when the load comes from driver processes of their own. */
    public boolean sharded() { return shards > 1; }
}
