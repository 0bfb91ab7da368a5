package deliverybench.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import deliverybench.metric.Metric;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Writes and reads a run's files: {@code run.json} (everything, bound to {@link RunResult}) and {@code summary.csv}. */
public final class ResultFiles {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // JSON has no NaN: a value not measured is written as null, and read back as NaN.
            .registerModule(new SimpleModule().addSerializer(Double.class, new JsonSerializer<>() {
                @Override
                public void serialize(Double value, JsonGenerator json, SerializerProvider provider) throws IOException {
                    if (value.isNaN() || value.isInfinite()) {
                        json.writeNull();
                    } else {
                        json.writeNumber(value);
                    }
                }
            })
            // A duration as the options take it: 500ms, 10s, 2m.
            .addSerializer(Duration.class, new JsonSerializer<>() {
                @Override
                public void serialize(Duration value, JsonGenerator json, SerializerProvider provider) throws IOException {
                    json.writeString(DurationText.format(value));
                }
            }));

    private ResultFiles() {
    }

    public static void write(Path dir, RunResult result) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("run.json").toFile(), result);
        Files.writeString(dir.resolve("summary.csv"), csv(result.strategies()));
    }

    /** Reads a run.json, from its folder or its own path. */
    public static RunResult read(Path runDirOrFile) throws IOException {
        Path file = Files.isDirectory(runDirOrFile) ? runDirOrFile.resolve("run.json") : runDirOrFile;
        if (!Files.exists(file)) {
            throw new FileNotFoundException("no run.json at " + file);
        }
        return JSON.readValue(file.toFile(), RunResult.class);
    }

    /** A record as run.json writes it, key by key (snake_case), for pages that list it; empty for null. */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> asMap(Object record) {
        return record == null ? java.util.Map.of() : JSON.convertValue(record, java.util.LinkedHashMap.class);
    }

    /** An object as run.json writes it, as a tree. */
    static com.fasterxml.jackson.databind.node.ObjectNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** One line per strategy, one column per catalogue metric that any strategy has. */
    static String csv(List<StrategyResult> results) {
        StringBuilder out = new StringBuilder("strategy");
        List<Metric> present = java.util.Arrays.stream(Metric.values())
                .filter(m -> results.stream().anyMatch(r -> r.metrics().containsKey(m.key())))
                .toList();
        present.forEach(metric -> out.append(',').append(metric.key()));
        out.append('\n');
        for (StrategyResult result : results) {
            out.append(result.strategy());
            for (Metric metric : present) {
                double value = result.get(metric);
                out.append(',').append(Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
