package deliverybench.report;

import deliverybench.results.RecordedOptions;
import deliverybench.options.RunOptions;
import deliverybench.metric.Metric;
import deliverybench.results.Floor;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.results.Table;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every registered strategy reaches the table, the report and the theory with nothing but its registration. */
class RegistryTest {

    private static RunResult runOfEveryStrategy() {
        List<StrategyResult> results = Strategies.all().stream().map(strategy -> {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Metric metric : Metric.values()) {
                metrics.put(metric.key(), 1.0);
            }
            return StrategyResult.of(strategy.name(), metrics);
        }).toList();
        RecordedOptions configuration = RecordedOptions.of(RunOptions.parse("--strategy", "every", "--clients", "100",
                "--rate", "50", "--arrival", "constant", "--duration", "5s", "--warmup", "1s", "--poll-interval", "500ms",
                "--poll-wait", "10s", "--connect-rate", "1000"));
        return new RunResult(RunResult.SCHEMA_VERSION, "2026-11-28T00:00:00Z", true, null, configuration, Map.of(),
                new Floor(80, 120, 30, 50, 2_000), results);
    }

    @Test
    void everyStrategyHasAColumnInTheTable() {
        String header = Table.render(runOfEveryStrategy().strategies()).lines().findFirst().orElseThrow();
        for (Strategy strategy : Strategies.all()) {
            assertTrue(header.contains(strategy.name()), strategy.name() + " missing from " + header);
        }
    }

    @Test
    void everyStrategyIsInTheReportWithItsTheory(@TempDir Path dir) throws Exception {
        ResultFiles.write(dir, runOfEveryStrategy());
        String html = Files.readString(HtmlReport.write(dir));
        for (Strategy strategy : Strategies.all()) {
            assertTrue(html.contains("<li><b>" + strategy.name() + "</b> (" + strategy.label()), strategy.name() + " not described");
            assertTrue(html.contains("<td>" + strategy.name() + "</td><td>"), strategy.name() + " has no theory row");
        }
    }
}
