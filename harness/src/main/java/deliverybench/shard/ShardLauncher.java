package deliverybench.shard;

import deliverybench.options.RunOptions;
import deliverybench.results.StrategyResult;
import deliverybench.run.server.Pinning;
import deliverybench.run.server.ServerTarget;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.mqtt.MqttPush;
import deliverybench.strategy.tcp.TcpPush;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code run --shards K}'s side of one measured step: starts K {@code deliverybench drive} processes against the
 * step's server, each told the same start instant and given the whole run's options (each takes its own part),
 * waits for them, and merges their folders into the step's result.
 */
public final class ShardLauncher {

    // A driver JVM's start and the loopback floor it measures before connecting its devices.
    private static final long START_LEAD_MS = 15_000;
    // After the start instant, what a step may take beyond its warm-up, window and drain bound before it is stopped.
    private static final long OVERTIME_MS = 60_000;

    private final int shards;
    private final List<String> baseArgs;
    private final Pinning pinning;
    private final Consumer<String> progress;

    /**
     * @param baseArgs the run's options as the command line and the scenario set them, less those each launch sets
     *                 ({@link ShardArgs})
     */
    public ShardLauncher(int shards, List<String> baseArgs, Pinning pinning, Consumer<String> progress) {
        this.shards = shards;
        this.baseArgs = List.copyOf(baseArgs);
        this.pinning = pinning;
        this.progress = progress;
    }

    /** One step of one strategy (its options {@code step}) driven by the K shards, merged as {@code label}. */
    public StrategyResult run(RunOptions step, Strategy strategy, String label, ServerTarget target, Path runDir,
                              double floorUs, boolean sharedCores) throws IOException, InterruptedException {
        Path stepDir = runDir.resolve("shards").resolve(label);
        int receivers = new Shard(shards - 1, shards).users(step.workload().clients()) * step.workload().devices();
        long connectMs = 1_500L * receivers / step.workload().connectRate();
        long startAtMs = System.currentTimeMillis() + START_LEAD_MS + connectMs;
        progress.accept(String.format(Locale.ROOT, "%s: %d driver shards, their schedules starting at %d (in %.1f s)",
                label, shards, startAtMs, (startAtMs - System.currentTimeMillis()) / 1e3));
        List<Process> processes = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        try {
            for (int i = 0; i < shards; i++) {
                Shard shard = new Shard(i, shards);
                Path dir = stepDir.resolve("shard-" + i);
                dirs.add(dir);
                Files.createDirectories(dir);
                ProcessBuilder builder = new ProcessBuilder(command(step, strategy, shard, startAtMs, target, dir))
                        .redirectErrorStream(true);
                builder.environment().put("DELIVERYBENCH_SECRET", target.secret());
                Process process = builder.start();
                processes.add(process);
                readers.add(forward(process, shard, dir.resolve("drive.log")));
            }
            long deadline = startAtMs + step.window().warmup().toMillis() + step.window().duration().toMillis()
                    + step.window().drainMax().toMillis() + OVERTIME_MS;
            for (int i = 0; i < shards; i++) {
                Process process = processes.get(i);
                if (!process.waitFor(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
                    throw new IOException("driver shard " + i + "/" + shards + " did not finish in time; its output: "
                            + dirs.get(i).resolve("drive.log"));
                }
                readers.get(i).join(5_000);
                // 1 is a run that finished and lost messages: its folder holds the account, merged like any other.
                if (process.exitValue() > 1) {
                    throw new IOException("driver shard " + i + "/" + shards + " failed with status " + process.exitValue()
                            + "; its output: " + dirs.get(i).resolve("drive.log"));
                }
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        return ShardMerge.strategy(dirs, null, label, runDir, floorUs, sharedCores,
                Runtime.getRuntime().availableProcessors());
    }

    private List<String> command(RunOptions step, Strategy strategy, Shard shard, long startAtMs, ServerTarget target,
                                 Path dir) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "deliverybench.cli.Main", "drive",
                "--shard", shard.toString(), "--start-at", Long.toString(startAtMs), "--results", dir.toString()));
        command.addAll(baseArgs);
        command.addAll(List.of("--strategy", strategy.name(), "--rate", Double.toString(step.workload().ratePerSecond()),
                "--send-via", step.sending().sendVia().name().toLowerCase(Locale.ROOT),
                "--server", target.http().toString(),
                "--tcp-port", Integer.toString(target.ports().getOrDefault(TcpPush.LISTENER, 9090)),
                "--mqtt-port", Integer.toString(target.ports().getOrDefault(MqttPush.LISTENER, 1883))));
        String cpus = pinning.driverCpus(shard.index(), shard.count());
        if (cpus != null) {
            command.addAll(List.of("--driver-cpus", cpus));
        }
        return command;
    }

    /** Copies a shard's output to its log and, each line marked with the shard, to the run's progress. */
    private Thread forward(Process process, Shard shard, Path log) {
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); PrintStream out = new PrintStream(log.toFile(), StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    progress.accept("[shard " + shard + "] " + line);
                }
            } catch (IOException e) {
                progress.accept("[shard " + shard + "] output lost: " + e.getMessage());
            }
        }, "deliverybench-shard-" + shard.index());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
