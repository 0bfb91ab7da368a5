package deliverybench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.cost.CostPoints;
import deliverybench.options.RunOptions;
import deliverybench.results.RecordedOptions;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cost-fit} over run folders: known coefficients back from synthetic runs, a clear error and exit 2 on bad input. */
class CostFitCommandTest {

    /** One run folder at a grid point: websocket costing 0.01 ms/s per client and 0.04 ms per message, plus 5 ms/s. */
    private static Path run(Path root, int clients, double rate) throws Exception {
        Path dir = root.resolve(clients + "-" + (int) rate);
        StrategyResult websocket = CostPoints.result("none", rate, 0.01 * clients + 0.04 * rate + 5, 110 * rate + clients, 0);
        ResultFiles.write(dir, new RunResult(RunResult.SCHEMA_VERSION, "2026-01-01T00:00:00Z", true, null,
                RecordedOptions.of(RunOptions.parse("--clients", Integer.toString(clients), "--rate", Double.toString(rate))),
                Map.of(), null, List.of(new StrategyResult("websocket", null, "none", websocket.metrics(), List.of(), null, null))));
        return dir;
    }

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome costFit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> all = new ArrayList<>(List.of("cost-fit"));
            all.addAll(List.of(args));
            int exit = Main.commandLine().execute(all.toArray(String[]::new));
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void aGridOfSyntheticRunsGivesTheKnownCoefficientsBack(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>();
        for (int clients : new int[]{200, 2000}) {
            for (double rate : new double[]{50, 500, 2000}) {
                args.add(run(dir, clients, rate).toString());
            }
        }
        Path json = dir.resolve("model.json");
        args.addAll(List.of("--out", json.toString()));
        Outcome outcome = costFit(args.toArray(String[]::new));
        assertEquals(0, outcome.exit(), outcome.err());
        assertTrue(outcome.out().contains("idle CPU    10.00 ms/s per 1,000 clients"), outcome.out());
        assertTrue(outcome.out().contains("marginal CPU     40.0 us per message"), outcome.out());
        JsonNode cpu = new ObjectMapper().readTree(json.toFile()).path("websocket").path("server_cpu_ms_per_s");
        assertEquals(0.01, cpu.path("idle_per_client").asDouble(), 1e-9);
        assertEquals(0.04, cpu.path("marginal_per_message").asDouble(), 1e-9);
        assertEquals(5, cpu.path("constant").asDouble(), 1e-6);
        assertEquals(1, cpu.path("r_squared").asDouble(), 1e-9);
        assertEquals(0.25, cpu.path("crossover_msg_per_client_per_s").asDouble(), 1e-9);
        JsonNode wire = new ObjectMapper().readTree(json.toFile()).path("websocket").path("wire_bytes_per_s");
        assertEquals(110, wire.path("marginal_per_message").asDouble(), 1e-6);
    }

    @Test
    void aFolderWithoutARunIsAClearErrorAndExit2(@TempDir Path dir) throws Exception {
        Path good = run(dir, 200, 50);
        Outcome outcome = costFit(good.toString(), run(dir, 200, 500).toString(), run(dir, 2000, 50).toString(),
                dir.resolve("nothing-here").toString(), "--out", dir.resolve("m.json").toString());
        assertEquals(2, outcome.exit());
        assertTrue(outcome.err().contains("no run.json at"), outcome.err());
        assertTrue(Files.notExists(dir.resolve("m.json")));
    }

    @Test
    void aGridWhereClientsAndRateMoveTogetherIsRefusedWithExit2(@TempDir Path dir) throws Exception {
        Outcome outcome = costFit(run(dir, 100, 100).toString(), run(dir, 200, 200).toString(),
                run(dir, 400, 400).toString(), run(dir, 800, 800).toString(), "--out", dir.resolve("m.json").toString());
        assertEquals(2, outcome.exit());
        assertTrue(outcome.err().contains("websocket server_cpu_ms_per_s: degenerate grid"), outcome.err());
    }

    @Test
    void fewerThanFourFoldersIsAUsageErrorWithExit2(@TempDir Path dir) throws Exception {
        Outcome outcome = costFit(run(dir, 200, 50).toString(), run(dir, 2000, 50).toString());
        assertEquals(2, outcome.exit());
        assertTrue(outcome.err().contains("RUN") || outcome.err().contains("Expected") || outcome.err().contains("requires"),
                outcome.err());
    }

    @Test
    void aFileThatIsNotJsonIsAClearErrorAndExit2(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("run.json"), "{\"strategies\": [");
        Outcome outcome = costFit(run(dir, 200, 50).toString(), run(dir, 200, 500).toString(),
                run(dir, 2000, 50).toString(), broken.toString(), "--out", dir.resolve("m.json").toString());
        assertEquals(2, outcome.exit());
        assertTrue(outcome.err().startsWith("deliverybench cost-fit: "), outcome.err());
    }
}
