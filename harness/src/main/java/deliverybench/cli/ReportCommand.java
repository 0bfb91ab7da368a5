package deliverybench.cli;

import deliverybench.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deliverybench report}: writes report.html for a run folder. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes <run-dir>/report.html: charts, the table and theory beside measurement; opens offline.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "A run folder (results/runs/<timestamp>) holding run.json and the .hlog files.")
    Path runDir;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(runDir.resolve("run.json"))) {
            System.err.println("deliverybench report: no run.json in " + runDir);
            return 2;
        }
        try {
            System.out.println("report: " + HtmlReport.write(runDir).toAbsolutePath());
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("deliverybench report: cannot read " + runDir + ": " + e.getMessage());
            return 2;
        }
    }
}
