package deliverybench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deliverybench.cli.Main;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * compare: exit 0 on identical runs, 1 on a doctored regression, 2 on bad input, 3 when only timing regressed; its
 * output in each format.
 */
class CompareTest {

    private static final Path FIXTURE = Path.of("src", "test", "resources", "fixture-run", "run.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fixture with short poll sending half as many bytes again per message: what a careless change does. */
    static Path doctored(Path dir) throws Exception {
        JsonNode run = JSON.readTree(FIXTURE.toFile());
        for (JsonNode strategy : run.get("strategies")) {
            if (strategy.get("strategy").asText().equals("short-poll")) {
                ObjectNode metrics = (ObjectNode) strategy.get("metrics");
                metrics.put("bytes_per_message", metrics.get("bytes_per_message").asDouble() * 1.5);
            }
        }
        Path file = dir.resolve("doctored.json");
        JSON.writeValue(file.toFile(), run);
        return file;
    }

    private record Outcome(int exit, String out) {
    }

    private static Outcome compare(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "compare";
            System.arraycopy(args, 0, all, 1, args.length);
            return new Outcome(Main.commandLine().execute(all), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }

    @Test
    void identicalRunsExit0() {
        Outcome outcome = compare(FIXTURE.toString(), FIXTURE.toString());
        assertEquals(0, outcome.exit(), outcome.out());
        assertTrue(outcome.out().contains("no regression"));
    }

    @Test
    void aDoctoredRegressionExits1AndNamesIt(@TempDir Path dir) throws Exception {
        Outcome outcome = compare(FIXTURE.toString(), doctored(dir).toString());
        assertEquals(1, outcome.exit(), outcome.out());
        assertTrue(outcome.out().lines().anyMatch(line -> line.startsWith("short-poll")
                && line.contains("bytes_per_message") && line.contains("REGRESSION")), outcome.out());
    }

    @Test
    void anImprovementIsNotARegression(@TempDir Path dir) throws Exception {
        // Swapped: the doctored run as baseline, the real one as current, is a 33% improvement.
        assertEquals(0, compare(doctored(dir).toString(), FIXTURE.toString()).exit());
    }

    @Test
    void brokenInputExits2(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"schema_version\": 1, \"strategies\": [");
        Path wrongVersion = dir.resolve("v99.json");
        Files.writeString(wrongVersion, "{\"schema_version\": 99, \"strategies\": []}");
        for (String bad : List.of(broken.toString(), wrongVersion.toString(), dir.resolve("missing.json").toString())) {
            assertEquals(2, compare(FIXTURE.toString(), bad).exit(), bad);
        }
    }

    @ParameterizedTest
    @EnumSource(ComparisonFormat.Kind.class)
    void outputMatchesItsGoldenFile(ComparisonFormat.Kind kind, @TempDir Path dir) throws Exception {
        RunResult baseline = ResultFiles.read(FIXTURE);
        RunResult current = ResultFiles.read(doctored(dir));
        List<Comparison.Row> rows = Comparison.compare(baseline, current, Comparison.tolerances(2.0, 2.0));
        Golden.assertMatches("compare." + kind.name().toLowerCase(), ComparisonFormat.format(rows, kind));
    }

    /** The fixture with every strategy's {@code metric} doubled and 2.5 ms added: slower by more than the floor. */
    private static Path slower(Path dir, String name, String... metrics) throws Exception {
        JsonNode run = JSON.readTree(FIXTURE.toFile());
        for (JsonNode strategy : run.get("strategies")) {
            ObjectNode values = (ObjectNode) strategy.get("metrics");
            for (String metric : metrics) {
                values.put(metric, values.get(metric).asDouble() * 2 + 2_500);
            }
        }
        Path file = dir.resolve(name);
        JSON.writeValue(file.toFile(), run);
        return file;
    }

    @Test
    void latencyToleranceIsConfigurableAndATimingOnlyRegressionExits3(@TempDir Path dir) throws Exception {
        Path slower = slower(dir, "slower.json", "latency_p99_us");
        assertEquals(0, compare(FIXTURE.toString(), slower.toString()).exit(), "within the default loose tolerance");
        assertEquals(3, compare(FIXTURE.toString(), slower.toString(), "--latency-tolerance", "0.5").exit(),
                "only latency regressed: exit 3, so a gate may measure again");
    }

    @Test
    void theUncorrectedTailIsGatedToo(@TempDir Path dir) throws Exception {
        // The tail from the actual send, the one issue 29 found four to six times longer at 10,000 connections.
        Path slower = slower(dir, "uncorrected.json", "uncorrected_latency_p99_us");
        Outcome outcome = compare(FIXTURE.toString(), slower.toString(), "--latency-tolerance", "0.5");
        assertEquals(3, outcome.exit(), outcome.out());
        assertTrue(outcome.out().lines().anyMatch(line -> line.contains("uncorrected_latency_p99_us")
                && line.contains("REGRESSION")), outcome.out());
    }

    @Test
    void aTimingRegressionBesideAShapeOneExits1(@TempDir Path dir) throws Exception {
        JsonNode run = JSON.readTree(slower(dir, "slower.json", "latency_p99_us").toFile());
        ObjectNode metrics = (ObjectNode) run.get("strategies").get(0).get("metrics");
        metrics.put("bytes_per_message", metrics.get("bytes_per_message").asDouble() * 1.5);
        Path both = dir.resolve("both.json");
        JSON.writeValue(both.toFile(), run);
        assertEquals(1, compare(FIXTURE.toString(), both.toString(), "--latency-tolerance", "0.5").exit(),
                "more bytes per message is not the machine's doing: no second chance");
    }
}
