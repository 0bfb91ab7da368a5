package deliverybench.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deliverybench.results.RecordedOptions;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the run folders the shards of one run wrote ({@code drive --shard I/K}) into one: per strategy, the interval
 * logs added interval by interval and the metrics by {@link MetricMerge}; what {@code run --shards} and
 * {@code merge} both do.
 */
public final class ShardMerge {

    /** Beside a shard's run.json: which shard of how many wrote it, and the instant its schedule started. */
    public static final String SHARD_FILE = "shard.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardMerge() {
    }

    /** Writes {@value #SHARD_FILE} into a shard's folder. */
    public static void writeShardFile(Path dir, Shard shard, long startAtMs) throws IOException {
        Files.createDirectories(dir);
        ObjectNode json = JSON.createObjectNode().put("shard", shard.toString()).put("start_at_ms", startAtMs);
        Files.writeString(dir.resolve(SHARD_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }

    /** The shard that wrote a folder, from its {@value #SHARD_FILE}. */
    public static Shard shardOf(Path dir) throws IOException {
        Path file = dir.resolve(SHARD_FILE);
        if (!Files.exists(file)) {
            throw new IOException(dir + " is not a shard's folder: it has no " + SHARD_FILE + " (deliverybench drive writes it)");
        }
        return Shard.parse(JSON.readTree(file.toFile()).path("shard").asText());
    }

    /**
     * One strategy of the shards: their results named {@code shardLabel} (null: each shard's only one) merged as
     * {@code label}, the merged interval log written to {@code runDir/<label>.hlog}.
     */
    public static StrategyResult strategy(List<Path> shardDirs, String shardLabel, String label, Path runDir,
                                          double floorUs, boolean sharedCores, int machineCores) throws IOException {
        List<StrategyResult> results = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (Path dir : shardDirs) {
            RunResult shard = ResultFiles.read(dir);
            if (!shard.completed()) {
                throw new IOException("shard " + dir + " did not finish: " + shard.failure());
            }
            StrategyResult result = shardLabel != null ? shard.find(shardLabel)
                    : shard.strategies().size() == 1 ? shard.strategies().get(0) : null;
            if (result == null) {
                throw new IOException("shard " + dir + " has no result for " + (shardLabel == null
                        ? "its strategy (it has " + shard.strategies().size() + ")" : shardLabel));
            }
            results.add(result);
            logs.add(dir.resolve(result.strategy() + ".hlog"));
        }
        ShardHistograms histograms = ShardHistograms.add(logs);
        Files.createDirectories(runDir);
        histograms.write(runDir.resolve(label + ".hlog"), label);
        return MetricMerge.merge(label, results, histograms, floorUs, sharedCores, machineCores);
    }

    /**
     * A whole run from its shards' folders (any order, each once): every strategy merged, run.json and summary.csv
     * written to {@code runDir}; the options are the first shard's, which every shard was given whole.
     */
    public static RunResult run(List<Path> shardDirs, Path runDir) throws IOException {
        List<Path> dirs = new ArrayList<>(shardDirs);
        dirs.sort(Comparator.comparingInt(dir -> {
            try {
                return shardOf(dir).index();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        int count = shardOf(dirs.get(0)).count();
        for (int i = 0; i < dirs.size(); i++) {
            Shard shard = shardOf(dirs.get(i));
            if (shard.count() != count || shard.index() != i || dirs.size() != count) {
                throw new IllegalArgumentException("merge needs every shard of the run once, 0/" + count + " to "
                        + (count - 1) + "/" + count + "; got " + dirs.size() + " folders, " + dirs.get(i) + " is " + shard);
            }
        }
        RunResult first = ResultFiles.read(dirs.get(0));
        // Where the server ran is not in a shard's folder: its cores count as shared with the drivers'.
        boolean shared = true;
        int cores = first.machine().get("cores") instanceof Number n ? n.intValue() : Runtime.getRuntime().availableProcessors();
        List<StrategyResult> merged = new ArrayList<>();
        boolean completed = true;
        String failure = null;
        for (Path dir : dirs) {
            RunResult shard = ResultFiles.read(dir);
            if (!shard.completed()) {
                completed = false;
                failure = dir + ": " + shard.failure();
            }
        }
        if (completed) {
            for (StrategyResult strategy : first.strategies()) {
                merged.add(strategy(dirs, strategy.strategy(), strategy.strategy(), runDir, first.floorUs(), shared, cores));
            }
        }
        ObjectNode options = first.configuration().json().deepCopy();
        options.with("shards").put("shards", count);
        RunResult result = new RunResult(RunResult.SCHEMA_VERSION, first.startedAt(), completed, failure,
                new RecordedOptions(options), first.machine(), first.floor(), merged);
        ResultFiles.write(runDir, result);
        return result;
    }
}
