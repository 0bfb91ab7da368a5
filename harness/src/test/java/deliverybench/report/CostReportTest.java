package deliverybench.report;

import deliverybench.cost.CostPoints;
import deliverybench.cost.CostSweep;
import deliverybench.cost.IdleTheory;
import deliverybench.cost.SweepEta;
import deliverybench.options.RunOptions;
import deliverybench.results.RecordedOptions;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.strategy.Strategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cost-model run's report: the fits with theory and the crossover, a chart per strategy, every point, the PNG. */
class CostReportTest {

    /** A strategy swept over 200 and 2,000 clients by 50, 500 and 2,000 msg/s, its CPU exact but for saturation. */
    private static StrategyResult swept(String name, double idle, double marginal, double requestsPerClient) throws Exception {
        CostSweep.Outcome out = new CostSweep(List.of(200, 2000), List.of(50.0, 500.0, 2000.0), line -> { },
                new SweepEta(7, System::nanoTime)).sweep(name, (clients, rate, index) -> clients == 2000 && rate == 2000
                        ? CostPoints.result("shared cores", rate, rate, 0, 1500, 1, 0)
                        : CostPoints.result("none", rate, idle * clients + marginal * rate + 10, 100 * rate,
                        requestsPerClient * clients + (requestsPerClient > 0 ? rate : 0)),
                kept -> IdleTheory.of(Strategies.find(name), 1, 1000, 30, kept));
        return out.representative().withCostModel(out.model());
    }

    @Test
    void theCostSectionShowsFitsTheoryChartsAndPoints(@TempDir Path dir) throws Exception {
        List<StrategyResult> results = new ArrayList<>();
        results.add(swept("short-poll", 0.06, 0.05, 1));
        results.add(swept("websocket", 0.001, 0.08, 0));
        ResultFiles.write(dir, new RunResult(RunResult.SCHEMA_VERSION, "2026-01-01T00:00:00Z", true, null,
                RecordedOptions.of(RunOptions.parse("--cost-model")), Map.of(), null, results));
        String html = Files.readString(HtmlReport.write(dir));
        assertTrue(html.contains("<h2 id=cost-model>"), "a cost-model section");
        assertTrue(html.contains("alt=\"short-poll: server CPU against messages per second, measured points and fitted lines\""));
        assertTrue(html.contains("alt=\"websocket: server CPU against messages per second"));
        // short poll: idle 60 ms/s per 1,000 clients, theory the same (one request a second at what a request adds),
        // marginal 50 us, 5 of 6 points kept; it costs as much as websocket at (0.06-0.001)/(0.08-0.05) msg/s per client.
        // Exact points: each coefficient's standard error is 0.
        assertTrue(html.contains("<tr><td>short-poll</td><td>60.0 &plusmn; 0</td><td>60.0</td><td>50.0 &plusmn; 0</td><td>10.0</td><td>1.000</td>"
                + "<td>5 of 7</td><td>1.20</td><td>1.97</td>"), html.substring(html.indexOf("id=cost-model")));
        assertTrue(html.contains("left out: the server and the driver saturated the machine's cores together"));
        assertTrue(html.contains("<li><b>websocket</b> theory: a push makes no request"));
        // The glance does not give one operating point for a sweep, and points to the model.
        assertTrue(html.contains("A cost-model sweep"));
        assertFalse(html.contains("Measured at one operating point"));
        assertTrue(Files.size(dir.resolve(HtmlReport.COST_PNG)) > 1000, "the PNG of the charts");
        assertEquals(1, StrategyResultsRead.costModels(dir));
    }

    /** run.json keeps the cost model: it reads back with its points and fits. */
    private static final class StrategyResultsRead {
        static int costModels(Path dir) throws Exception {
            RunResult read = ResultFiles.read(dir);
            assertEquals(7, read.find("short-poll").costModel().points().size());
            assertEquals(0.06, read.find("short-poll").costModel().cpu().idlePerClient(), 1e-9);
            assertFalse(read.find("short-poll").costModel().points().get(6).kept());
            return (int) read.strategies().stream().filter(r -> r.costModel() != null && r.strategy().equals("websocket")).count();
        }
    }
}
