package deliverybench.cli;

import deliverybench.report.Comparison;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.report.ComparisonFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code deliverybench compare}: a baseline run against a current one; exit 0 within tolerance, 1 on a regression,
 * 2 on bad input, 3 when only latency or CPU regressed (a busy machine's kind: a gate may run once more).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compares two run.json files metric by metric. Exit 0 within tolerance, 1 on a regression, "
                + "2 on bad input, 3 when only latency or CPU regressed (what a busy machine alone can do: a gate "
                + "may measure once more before it believes it).")
final class CompareCommand implements Callable<Integer> {

    /** The exit status when every regression is of latency or CPU. */
    static final int TIMING_ONLY = 3;

    @Parameters(index = "0", description = "The baseline run.json (or its folder).")
    Path baseline;

    @Parameters(index = "1", description = "The current run.json (or its folder).")
    Path current;

    @Option(names = "--latency-tolerance", defaultValue = "2.0",
            description = "How much latency p50/p99 may rise, as a fraction (2.0 = may triple), beyond 2 ms "
                    + "(default: ${DEFAULT-VALUE}; machines are noisy).")
    double latencyTolerance;

    @Option(names = "--cpu-tolerance", defaultValue = "2.0",
            description = "How much server CPU per message may rise, as a fraction (default: ${DEFAULT-VALUE}).")
    double cpuTolerance;

    @Option(names = "--format", defaultValue = "text", description = "text, markdown or json (default: ${DEFAULT-VALUE}).")
    ComparisonFormat.Kind format;

    @Override
    public Integer call() {
        try {
            List<Comparison.Row> rows = Comparison.compare(read(baseline), read(current),
                    Comparison.tolerances(latencyTolerance, cpuTolerance));
            System.out.print(ComparisonFormat.format(rows, format));
            if (Comparison.regressions(rows) == 0) {
                return 0;
            }
            return Comparison.onlyTiming(rows) ? TIMING_ONLY : 1;
        } catch (Comparison.BadInput e) {
            System.err.println("deliverybench compare: " + e.getMessage());
            return 2;
        }
    }

    private static RunResult read(Path path) throws Comparison.BadInput {
        Path file = Files.isDirectory(path) ? path.resolve("run.json") : path;
        try {
            return ResultFiles.read(file);
        } catch (IOException e) {
            throw new Comparison.BadInput("cannot read " + file + ": " + e.getMessage());
        }
    }
}
