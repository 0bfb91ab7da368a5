package deliverybench.ab;

import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one round as a child process, {@code java -jar <side's jar> run <run options> --server-jvm-args ...
 * --results <round folder>}, and reads the run.json it wrote. The run options pass through as given, so
 * that side A may be an older build with other options than this one.
 */
public final class JarRounds implements AbGate.Launcher {

    /** The server JVM options both sides start from, the run's own default; a side's options follow it. */
    public static final String SERVER_JVM_BASE = "-Xmx2g";

    private final Path jarA;
    private final Path jarB;
    private final String serverJvmA;
    private final String serverJvmB;
    private final List<String> runOptions;
    private final Duration timeout;

    public JarRounds(Path jarA, Path jarB, String serverJvmA, String serverJvmB, List<String> runOptions,
                     Duration timeout) {
        this.jarA = jarA;
        this.jarB = jarB;
        this.serverJvmA = serverJvmA;
        this.serverJvmB = serverJvmB;
        this.runOptions = List.copyOf(runOptions);
        this.timeout = timeout;
    }

    /** The options ab sets itself and so refuses among the run options. */
    public static void checkRunOptions(List<String> options) {
        for (String option : options) {
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            if (name.equals("--results") || name.equals("--server-jvm-args") || name.equals("--server")
                    || name.equals("--live") || name.equals("--live-port")) {
                throw new IllegalArgumentException(name + " cannot be a run option of ab: "
                        + (name.equals("--server-jvm-args") ? "use --a-server-jvm-args and --b-server-jvm-args"
                        : name.equals("--results") ? "ab's own --results holds every round" : "each round spawns its own server"));
            }
        }
    }

    /** The child's command line for a side; the jar is started with the JVM running this one. */
    List<String> command(Side side, Path roundDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add((side == Side.A ? jarA : jarB).toString());
        command.add("run");
        command.addAll(runOptions);
        String extra = side == Side.A ? serverJvmA : serverJvmB;
        command.add("--server-jvm-args");
        command.add((SERVER_JVM_BASE + " " + (extra == null ? "" : extra)).trim());
        command.add("--results");
        command.add(roundDir.toString());
        return command;
    }

    @Override
    public AbGate.Outcome run(int number, Side side, Path roundDir) throws IOException, InterruptedException {
        Files.createDirectories(roundDir);
        Path log = roundDir.resolve("run.log");
        Process process = new ProcessBuilder(command(side, roundDir)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // A gate stopped by Ctrl-C or a CI timeout takes its round's run and servers with it.
        Thread stop = new Thread(() -> destroy(process));
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("round " + number + " (" + side + ") took more than " + timeout.toSeconds()
                        + " s; its output: " + log);
            }
        } finally {
            destroy(process);
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs.
            }
        }
        Path runJson = runJson(roundDir);
        if (runJson == null && side == Side.A && process.exitValue() == 2) {
            throw new IOException("side A cannot run these run options (exit 2: an older build without one of them?); "
                    + "its output: " + log + "\n" + tail(log));
        }
        if (runJson == null) {
            throw new IOException("round " + number + " (" + side + ") wrote no run.json (exit " + process.exitValue()
                    + "); its output: " + log);
        }
        RunResult result = ResultFiles.read(runJson);
        return new AbGate.Outcome(result, process.exitValue(), runJson);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Path runJson(Path roundDir) throws IOException {
        Path runs = roundDir.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.map(dir -> dir.resolve("run.json")).filter(Files::isRegularFile).sorted().reduce((x, y) -> y)
                    .orElse(null);
        }
    }
}
