package deliverybench.cli;

import deliverybench.report.HtmlReport;
import deliverybench.results.RunResult;
import deliverybench.results.Table;
import deliverybench.run.BenchmarkRun;
import deliverybench.shard.ShardMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code deliverybench merge}: the run folder and report of a run driven by shards, from their folders. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merges the folders of a run's K shards (deliverybench drive --shard I/K) into one run folder: "
                + "the HdrHistogram logs added interval by interval, the ledgers' counts summed; then its report.")
final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", description = "The shards' folders (each drive's --results), every shard once.")
    List<Path> shardDirs;

    @Option(names = "--results", defaultValue = "results",
            description = "Where the merged run folder goes: <results>/runs/<timestamp>/ (default: ${DEFAULT-VALUE}).")
    Path results;

    @Override
    public Integer call() {
        Path runDir = BenchmarkRun.newRunDir(results);
        RunResult result;
        try {
            result = ShardMerge.run(shardDirs, runDir);
        } catch (IOException | RuntimeException e) {
            System.err.println("deliverybench merge: " + e.getMessage());
            return 2;
        }
        if (!result.strategies().isEmpty()) {
            System.out.print(Table.render(result.strategies()));
        }
        System.out.println("results: " + runDir.toAbsolutePath());
        try {
            if (!result.strategies().isEmpty()) {
                System.out.println("report:  " + HtmlReport.write(runDir).toAbsolutePath());
            }
        } catch (IOException e) {
            System.err.println("deliverybench merge: cannot write the report: " + e.getMessage());
            return 2;
        }
        if (!result.completed()) {
            System.err.println("deliverybench merge: a shard did not finish: " + result.failure());
            return 1;
        }
        return result.lost() > 0 ? 1 : 0;
    }
}
