package deliverybench.driver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes a run's files: {@code run.json} (everything, the contract with report and compare) and {@code summary.csv}. */
public final class ResultFiles {

    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private ResultFiles() {
    }

    public static void write(Path dir, RunResult result) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("run.json").toFile(), toJson(result));
        Files.writeString(dir.resolve("summary.csv"), csv(result.strategies()));
    }

    static Map<String, Object> toJson(RunResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("started_at", result.startedAt());
        root.put("completed", result.completed());
        if (result.failure() != null) {
            root.put("failure", result.failure());
        }
        root.put("configuration", result.configuration());
        root.put("machine", result.machine());
        root.put("floor", result.floor());
        List<Map<String, Object>> strategies = new ArrayList<>();
        for (StrategyResult strategy : result.strategies()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("strategy", strategy.strategy());
            entry.put("verdict", strategy.verdict());
            Map<String, Object> metrics = new LinkedHashMap<>();
            strategy.metrics().forEach((name, value) -> metrics.put(name, value.isNaN() || value.isInfinite() ? null : value));
            entry.put("metrics", metrics);
            strategies.add(entry);
        }
        root.put("strategies", strategies);
        return root;
    }

    /** One line per strategy, one column per metric, in the order the metrics were first seen. */
    static String csv(List<StrategyResult> results) {
        Set<String> names = new LinkedHashSet<>();
        results.forEach(result -> names.addAll(result.metrics().keySet()));
        StringBuilder out = new StringBuilder("strategy");
        names.forEach(name -> out.append(',').append(name));
        out.append('\n');
        for (StrategyResult result : results) {
            out.append(result.strategy());
            for (String name : names) {
                double value = result.get(name);
                out.append(',').append(Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
