package deliverybench.run;

import deliverybench.measure.FloorMeter;
import deliverybench.cluster.Routing;
import deliverybench.results.Floor;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunConfiguration;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.run.cluster.ClusterPlan;
import deliverybench.run.cluster.ClusterWiring;
import deliverybench.run.cluster.GatewayCluster;
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
    private final ClusterPlan cluster;

    /**
     * @param external a running server to target, or null to spawn a fresh one per strategy
     */
    public BenchmarkRun(RunConfig config, ServerTarget external, Path runDir, List<String> serverJvmArgs,
                        List<String> serverArgs, Consumer<String> progress) {
        this(config, external, runDir, serverJvmArgs, serverArgs, progress, null);
    }

    /** @param cluster also measure each strategy on gateways over Redis, per routing; null for the single server only */
    public BenchmarkRun(RunConfig config, ServerTarget external, Path runDir, List<String> serverJvmArgs,
                        List<String> serverArgs, Consumer<String> progress, ClusterPlan cluster) {
        this.cluster = cluster;
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
        if (config.chaos().cluster() && cluster == null) {
            throw new IllegalArgumentException("--chaos kill-gateway and redis-pause act on a cluster: add --gateways N");
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
                if (cluster == null || cluster.single()) {
                    try (ServerHandle server = server(strategy, secret)) {
                        if (floor == null) {
                            floor = floor(server.target(), secret);
                        }
                        Wiring wiring = new LiveWiring(config, server.target(), worker, pool);
                        results.add(new StrategyRun(config, strategy, wiring, RunClock.SYSTEM, background, runDir, floor,
                                progress, server.process()).run(runTag));
                    }
                }
                for (Routing routing : cluster == null ? List.<Routing>of() : cluster.routings()) {
                    try (GatewayCluster gateways = GatewayCluster.start(cluster, routing, secret,
                            withStrategyArgs(strategy), runDir, strategy.name() + "-" + routing.key(), progress)) {
                        if (floor == null) {
                            floor = floor(gateways.targets().get(0), secret);
                        }
                        Wiring wiring = new ClusterWiring(config, gateways, worker, pool);
                        results.add(new StrategyRun(config, strategy, wiring, RunClock.SYSTEM, background, runDir, floor,
                                progress, null).run(runTag));
                    }
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
        return result;
    }

    private Floor floor(ServerTarget target, String secret) throws IOException, InterruptedException {
        progress.accept("measuring the loopback floor (TCP PING/PONG and a bare socket echo)...");
        Floor measured = new FloorMeter(NanoClock.SYSTEM, 2_000).measure(target.address(TcpPush.LISTENER),
                new TokenMinter(secret).mint("floor", Duration.ofHours(1)));
        progress.accept(String.format("floor: TCP ping p50 %s, bare echo p50 %s",
                Unit.latency(measured.tcpPingP50Us()), Unit.latency(measured.echoP50Us())));
        return measured;
    }

    private List<String> withStrategyArgs(Strategy strategy) {
        List<String> args = new ArrayList<>(strategy.serverArgs());
        args.addAll(serverArgs);
        return args;
    }

    private ServerHandle server(Strategy strategy, String secret) throws IOException, InterruptedException {
        if (external != null) {
            new ServerStatsClient(external.http()).awaitHealthy(5_000);
            return new ServerHandle(external, null);
        }
        progress.accept("starting a server for " + strategy.name()
                + (strategy.serverArgs().isEmpty() ? "" : " " + String.join(" ", strategy.serverArgs())) + "...");
        List<String> args = withStrategyArgs(strategy);
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
                external != null ? external.http().toString() : cluster == null ? "spawned per strategy"
                        : "spawned per strategy; " + cluster, serverJvmArgs, serverArgs,
                config.chaos().toString(), config.contract());
    }
}
