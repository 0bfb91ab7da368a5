package deliverybench.report;

import deliverybench.metric.Metric;
import deliverybench.results.Floor;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunConfiguration;
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
        RunConfiguration configuration = new RunConfiguration(Strategies.names(), 100, 1, 50, "constant", 64, 5_000, 1_000,
                30_000, 500, 10, 1, 1_000, 3_000, 30_000, 4, 2, "spawned per strategy", List.of(), List.of(), "none", 2, 1,
                "http", "none", null, 64);
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
