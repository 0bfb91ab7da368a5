package deliverybench.run;

import deliverybench.measure.FloorMeter;
import deliverybench.results.Floor;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunConfiguration;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.metric.Unit;
import deliverybench.schedule.NanoClock;
import deliverybench.schedule.RunClock;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.tcp.TcpPush;

import deliverybench.auth.TokenMinter;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/** A whole run: checks the limits, measures the floor, then each strategy in turn, each against a fresh server. */
public final class BenchmarkRun {

    private final RunConfig config;
    private final ServerTarget external;
    private final Path runDir;
    private final List<String> serverJvmArgs;
    private final List<String> serverArgs;
    private final Consumer<String> progress;
    private final RunListener listener;

    /**
     * @param external a running server to target, or null to spawn a fresh one per strategy
     */
    public BenchmarkRun(RunConfig config, ServerTarget external, Path runDir, List<String> serverJvmArgs,
                        List<String> serverArgs, Consumer<String> progress) {
        this(config, external, runDir, serverJvmArgs, serverArgs, progress, RunListener.NONE);
    }

    /** A run that tells {@code listener} how it goes, as it goes. */
    public BenchmarkRun(RunConfig config, ServerTarget external, Path runDir, List<String> serverJvmArgs,
                        List<String> serverArgs, Consumer<String> progress, RunListener listener) {
        this.listener = listener;
        this.config = config;
        this.external = external;
        this.runDir = runDir;
        this.serverJvmArgs = serverJvmArgs;
        this.serverArgs = serverArgs;
        this.progress = progress;
    }

    /** A fresh folder name for a run: {@code results/runs/<UTC timestamp>}. */
    public static Path newRunDir(Path resultsRoot) {
        return resultsRoot.resolve("runs").resolve(
                LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** Fails with a clear message when the run cannot fit this machine's open-file or port limits. */
    public static void checkLimits(RunConfig config) {
        long needed = (long) config.receivers() + config.senderConnections() + 64;
        long maxFiles = MachineFacts.maxOpenFiles();
        if (maxFiles > 0 && needed > maxFiles) {
            throw new IllegalArgumentException(String.format("%d receivers need about %d open files, but this process "
                    + "may open %d (ulimit -n); lower --clients/--devices or raise the limit", config.receivers(), needed, maxFiles));
        }
        long[] ports = MachineFacts.ephemeralPorts();
        long available = ports[1] - ports[0] + 1;
        if (needed > available) {
            throw new IllegalArgumentException(String.format("%d receivers need about %d local ports to one server address, "
                    + "but the ephemeral range %d-%d gives %d; lower --clients/--devices", config.receivers(), needed,
                    ports[0], ports[1], available));
        }
    }

    public RunResult execute() throws IOException, InterruptedException {
        checkLimits(config);
        if ((config.chaos().pause() != null || config.chaos().restartAt() != null) && external != null) {
            throw new IllegalArgumentException("--chaos pause and restart act on a spawned server, not on --server");
        }
        java.nio.file.Files.createDirectories(runDir);
        String startedAt = java.time.Instant.now().toString();
        String runTag = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36);
        String secret = external != null ? external.secret() : TokenMinter.randomSecret();
        XnioWorker worker = Xnio.getInstance(BenchmarkRun.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, config.driverIoThreads())
                .set(Options.WORKER_TASK_CORE_THREADS, 1)
                .set(Options.WORKER_TASK_MAX_THREADS, 2)
                .set(Options.WORKER_NAME, "driver")
                .getMap());
        ByteBufferPool pool = new DefaultByteBufferPool(false, 16 * 1024);
        List<StrategyResult> results = new ArrayList<>();
        Floor floor = null;
        String failure = null;
        ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deliverybench-stats-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Strategy strategy : config.strategies()) {
                listener.strategyStarted(strategy);
                try (ServerHandle server = server(strategy, secret)) {
                    if (floor == null) {
                        progress.accept("measuring the loopback floor (TCP PING/PONG and a bare socket echo)...");
                        floor = new FloorMeter(NanoClock.SYSTEM, 2_000).measure(server.target().address(TcpPush.LISTENER),
                                new TokenMinter(secret).mint("floor", Duration.ofHours(1)));
                        progress.accept(String.format("floor: TCP ping p50 %s, bare echo p50 %s",
                                Unit.latency(floor.tcpPingP50Us()), Unit.latency(floor.echoP50Us())));
                    }
                    Wiring wiring = new LiveWiring(config, server.target(), worker, pool);
                    results.add(new StrategyRun(config, strategy, wiring, RunClock.SYSTEM, background, runDir, floor,
                            progress, server.process(), listener).run(runTag));
                    listener.strategyDone(results.get(results.size() - 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            worker.shutdownNow();
            background.shutdownNow();
        }
        RunResult result = new RunResult(RunResult.SCHEMA_VERSION, startedAt, failure == null, failure, configuration(),
                MachineFacts.read(), floor, results);
        ResultFiles.write(runDir, result);
        listener.runDone(result);
        return result;
    }

    private ServerHandle server(Strategy strategy, String secret) throws IOException, InterruptedException {
        if (external != null) {
            new ServerStatsClient(external.http()).awaitHealthy(5_000);
            return new ServerHandle(external, null);
        }
        progress.accept("starting a server for " + strategy.name()
                + (strategy.serverArgs().isEmpty() ? "" : " " + String.join(" ", strategy.serverArgs())) + "...");
        List<String> args = new ArrayList<>(strategy.serverArgs());
        args.addAll(serverArgs);
        ServerProcess process = ServerProcess.start(secret, args, serverJvmArgs,
                runDir.resolve("server-" + strategy.name() + ".log"));
        try {
            new ServerStatsClient(process.target().http()).awaitHealthy(30_000);
        } catch (IOException e) {
            process.close();
            throw e;
        }
        return new ServerHandle(process.target(), process);
    }

    /** The server a strategy runs against: spawned (and stopped after) or external (left running). */
    private record ServerHandle(ServerTarget target, ServerProcess process) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            if (process != null) {
                process.close();
            }
        }
    }

    private RunConfiguration configuration() {
        return new RunConfiguration(config.strategies().stream().map(Strategy::name).toList(), config.clients(),
                config.devices(), config.ratePerSecond(), config.arrival().name().toLowerCase(Locale.ROOT),
                config.payloadBytes(), config.duration().toMillis(), config.warmup().toMillis(), config.pollIntervalMs(),
                config.pollWaitSeconds(), config.seed(), config.connectRate(), config.grace().toMillis(),
                config.senderConnections(), config.driverIoThreads(),
                external == null ? "spawned per strategy" : external.http().toString(), serverJvmArgs, serverArgs,
                config.chaos().toString(), config.contract());
    }
}
