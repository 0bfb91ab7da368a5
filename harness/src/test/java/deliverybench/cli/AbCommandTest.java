package deliverybench.cli;

import deliverybench.ab.AbGate;
import deliverybench.ab.Side;
import deliverybench.metric.Metric;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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

/** ab end to end with scripted rounds: its exit codes, its ABBA calls, its table and its folder. */
class AbCommandTest {

    private record Outcome(int exit, String out, String err) {
    }

    /** Rounds whose websocket CPU per message is 100 on A and {@code bFactor} times that on B, with a little spread. */
    private static final class Scripted implements AbCommand.Launchers {
        final List<String> calls = new ArrayList<>();
        final double bFactor;

        Scripted(double bFactor) {
            this.bFactor = bFactor;
        }

        @Override
        public AbGate.Launcher launcher(Path jarA, Path jarB, AbCommand command) {
            return (number, side, dir) -> {
                calls.add(side + ":" + dir.getFileName());
                double cpu = 100 * (side == Side.B ? bFactor : 1) * (1 + 0.01 * (number % 3));
                StrategyResult websocket = StrategyResult.of("websocket", Map.of(
                        Metric.SERVER_CPU_US_PER_MESSAGE.key(), cpu, Metric.BYTES_PER_MESSAGE.key(), 109.0,
                        Metric.LOST.key(), 0.0));
                return new AbGate.Outcome(new RunResult(RunResult.SCHEMA_VERSION, "now", true, null, null, Map.of(),
                        null, List.of(websocket)), 0, dir.resolve("run.json"));
            };
        }
    }

    private static Outcome ab(AbCommand.Launchers launchers, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new AbCommand(launchers)).execute(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static String[] args(Path dir, String... more) throws Exception {
        Path jar = Files.writeString(dir.resolve("side.jar"), "not really a jar");
        List<String> all = new ArrayList<>(List.of("--a", jar.toString(), "--b", jar.toString(), "--results",
                dir.resolve("out").toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void noDifferenceExits0AndRunsTheRoundsInAbbaOrder(@TempDir Path dir) throws Exception {
        Scripted scripted = new Scripted(1.0);
        Outcome outcome = ab(scripted, args(dir, "--rounds", "4", "--", "--scenario", "gate"));
        assertEquals(0, outcome.exit(), outcome.out() + outcome.err());
        assertEquals(List.of("A:01-A", "B:02-B", "B:03-B", "A:04-A", "A:05-A", "B:06-B", "B:07-B", "A:08-A"),
                scripted.calls);
        assertTrue(outcome.err().contains("ab: round 8/8 A"), outcome.err());
        assertTrue(outcome.out().contains("no regression"), outcome.out());
        Path gate;
        try (var dirs = Files.list(dir.resolve("out").resolve("ab"))) {
            gate = dirs.findFirst().orElseThrow();
        }
        for (String file : List.of("rounds.csv", "ab.json", "table.txt", "ab.html")) {
            assertTrue(Files.size(gate.resolve(file)) > 0, file);
        }
        assertTrue(Files.readString(gate.resolve("rounds.csv")).contains("8,A,websocket,server_cpu_us_per_message,"));
        assertTrue(Files.readString(gate.resolve("ab.html")).contains("data:image/svg+xml;base64,"));
    }

    @Test
    void aSlowerBExits1AndNamesTheMetric(@TempDir Path dir) throws Exception {
        Outcome outcome = ab(new Scripted(1.25), args(dir, "--rounds", "4"));
        assertEquals(1, outcome.exit(), outcome.out());
        assertTrue(outcome.out().lines().anyMatch(line -> line.startsWith("websocket")
                && line.contains("server_cpu_us_per_message") && line.contains("REGRESSION")), outcome.out());
    }

    @Test
    void aRoundThatDidNotFinishRunsOnceMore(@TempDir Path dir) throws Exception {
        List<String> calls = new ArrayList<>();
        Scripted healthy = new Scripted(1.0);
        AbCommand.Launchers flaky = (a, b, command) -> {
            AbGate.Launcher inner = healthy.launcher(a, b, command);
            return (number, side, roundDir) -> {
                calls.add(roundDir.getFileName().toString());
                if (number == 2 && calls.size() == 2) {
                    return new AbGate.Outcome(new RunResult(RunResult.SCHEMA_VERSION, "now", false,
                            "the server did not write its ports within 30 s", null, Map.of(), null, List.of()), 1, null);
                }
                return inner.run(number, side, roundDir);
            };
        };
        Outcome outcome = ab(flaky, args(dir, "--rounds", "4"));
        assertEquals(0, outcome.exit(), outcome.out() + outcome.err());
        assertEquals(List.of("01-A", "02-B", "02-B-again", "03-B"), calls.subList(0, 4));
        assertTrue(outcome.err().contains("ab: round 2/8 B did not finish (the server did not write its ports"),
                outcome.err());
    }

    @Test
    void tooFewRoundsAreRefusedBeforeRunning(@TempDir Path dir) throws Exception {
        Scripted scripted = new Scripted(2.0);
        Outcome outcome = ab(scripted, args(dir, "--rounds", "3"));
        assertEquals(2, outcome.exit());
        assertTrue(outcome.err().contains("the gate could never decide"), outcome.err());
        assertTrue(scripted.calls.isEmpty());
    }

    @Test
    void badInputExits2(@TempDir Path dir) throws Exception {
        assertEquals(2, ab(new Scripted(1), "--rounds", "4").exit(), "no side A");
        assertEquals(2, ab(new Scripted(1), "--a", dir.resolve("missing.jar").toString(), "--b", "x").exit());
        Outcome results = ab(new Scripted(1), args(dir, "--", "--results", "elsewhere"));
        assertEquals(2, results.exit());
        assertTrue(results.err().contains("--results cannot be a run option of ab"), results.err());
        Outcome jvm = ab(new Scripted(1), args(dir, "--", "--server-jvm-args=-Xint"));
        assertEquals(2, jvm.exit());
        assertTrue(jvm.err().contains("--b-server-jvm-args"), jvm.err());
        assertEquals(2, ab(new Scripted(1), args(dir, "--alpha", "1.5")).exit());
        Outcome noJar = ab(new Scripted(1), "--a", Files.writeString(dir.resolve("a.jar"), "x").toString());
        assertEquals(2, noJar.exit());
        assertTrue(noJar.err().contains("not running from a jar"), noJar.err());
    }

    @Test
    void anUnknownRefExits2WithAClearMessage(@TempDir Path dir) throws Exception {
        Outcome outcome = ab(new Scripted(1), "--a-ref", "no-such-ref-anywhere", "--b",
                Files.writeString(dir.resolve("b.jar"), "x").toString());
        assertEquals(2, outcome.exit());
        assertTrue(outcome.err().contains("no commit no-such-ref-anywhere"), outcome.err());
    }
}
