package deliverybench.run;

import deliverybench.run.server.Pinning;
import deliverybench.run.server.ServerProcess;
import deliverybench.run.server.HttpStatsReader;
import deliverybench.run.server.RunTls;
import deliverybench.client.h2.H2Client;
import deliverybench.strategy.Transport;
import io.netty.channel.EventLoopGroup;
import deliverybench.run.server.ServerTarget;
import deliverybench.cluster.Routing;
import deliverybench.measure.FloorMeter;
import deliverybench.cost.CostSweep;
import deliverybench.cost.IdleTheory;
import deliverybench.cost.SweepEta;
import deliverybench.results.Floor;
import deliverybench.results.ResultFiles;
import deliverybench.results.RecordedOptions;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.options.CapacityOptions;
import deliverybench.options.ClusterOptions;
import deliverybench.options.RunOptions;
import deliverybench.options.SendVia;
import deliverybench.options.TargetOptions;
import deliverybench.core.limits.PushLimits;
import deliverybench.run.broker.BrokerWiring;
import deliverybench.run.broker.Mosquitto;
import deliverybench.run.cluster.ClusterWiring;
import deliverybench.run.send.HttpSender;
import deliverybench.run.cluster.GatewayCluster;
import deliverybench.metric.Unit;
import deliverybench.schedule.NanoClock;
import deliverybench.schedule.RunClock;
import deliverybench.shard.Shard;
import deliverybench.shard.ShardLauncher;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.mqtt.BrokerReference;
import deliverybench.strategy.mqtt.MqttPush;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/** A whole run: checks the limits, measures the floor, then each strategy in turn, each against a fresh server. */
public final class BenchmarkRun {

    private final RunOptions options;
    private final ServerTarget external;
    private final Path runDir;
    private final Consumer<String> progress;
    private final RunListener listener;
    private final Pinning pinning;
    private final boolean profile;
    // run --tls: one certificate for every server spawned, made when the run starts.
    private RunTls tls;
    // run --cost-model: the whole sweep's progress, over every strategy's points.
    private SweepEta sweepEta;
    // drive --shard I/K: this process drives part I of the run, its schedule from startAtMs.
    private Shard shard = Shard.WHOLE;
    private long startAtMs;
    // run --shards K: the steps are driven by K processes of their own, not by this one.
    private ShardLauncher launcher;

    public BenchmarkRun(RunOptions options, Path runDir, Consumer<String> progress) {
        this(options, runDir, progress, RunListener.NONE);
    }

    /** A run that tells {@code listener} how it goes, as it goes. */
    public BenchmarkRun(RunOptions options, Path runDir, Consumer<String> progress, RunListener listener) {
        this.options = options;
        this.runDir = runDir;
        this.progress = progress;
        this.listener = listener;
        TargetOptions target = options.target();
        this.external = target.server() == null ? null
                : new ServerTarget(target.server(), Map.of(TcpPush.LISTENER, target.tcpPort(),
                        MqttPush.LISTENER, target.mqttPort()), target.secret());
        this.pinning = Pinning.of(target);
        this.profile = target.profile();
    }

    /** This process drives one shard of the run (drive --shard I/K), its schedule starting at {@code startAtEpochMs}. */
    public BenchmarkRun asShard(Shard part, long startAtEpochMs) {
        this.shard = part;
        this.startAtMs = startAtEpochMs;
        return this;
    }

    /** The run's steps are driven by the launcher's shards (run --shards K) and merged. */
    public BenchmarkRun shardedBy(ShardLauncher shards) {
        this.launcher = shards;
        return this;
    }

    /** A fresh folder name for a run: {@code results/runs/<UTC timestamp>}. */
    public static Path newRunDir(Path resultsRoot) {
        return resultsRoot.resolve("runs").resolve(
                LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** Fails with a clear message when the run cannot fit this machine's open-file or port limits. */
    public static void checkLimits(RunOptions options) {
        if (options.target().broker() != null && Mosquitto.binary() == null) {
            throw new IllegalArgumentException(Mosquitto.INSTALL_HINT);
        }
        int receivers = options.costModel().enabled()
                ? options.withClients(options.costModel().clients().get(options.costModel().clients().size() - 1))
                .workload().receivers() : options.workload().receivers();
        // Through the emulated link each connection is three sockets in the driver: the client's and the relay's two.
        long needed = ((long) receivers + options.sending().senderConnections()) * (options.network().enabled() ? 3 : 1) + 64;
        if (options.radio().enabled() && !options.network().enabled()) {
            // run --radio alone: the sampled devices' two relay sockets, and a few listeners each of their own.
            needed += Math.min(options.radio().sample(), receivers) * 8L;
        }
        long maxFiles = MachineFacts.maxOpenFiles();
        if (maxFiles > 0 && needed > maxFiles) {
            throw new IllegalArgumentException(String.format("%d receivers need about %d open files, but this process "
                    + "may open %d (ulimit -n); lower --clients/--devices or raise the limit", receivers, needed, maxFiles));
        }
        long[] ports = MachineFacts.ephemeralPorts();
        long available = ports[1] - ports[0] + 1;
        if (needed > available) {
            throw new IllegalArgumentException(String.format("%d receivers need about %d local ports to one server address, "
                    + "but the ephemeral range %d-%d gives %d; lower --clients/--devices", receivers, needed,
                    ports[0], ports[1], available));
        }
    }

    public RunResult execute() throws IOException, InterruptedException {
        options.validate();
        checkLimits(options);
        if (launcher == null) {
            pinning.pinDriver();
        }
        java.nio.file.Files.createDirectories(runDir);
        String startedAt = java.time.Instant.now().toString();
        String runTag = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36);
        String secret = external != null ? external.secret() : TokenMinter.randomSecret();
        if (options.tls().on()) {
            tls = RunTls.selfSigned(options.tls().resume());
            progress.accept("tls: " + tls + "; certificate " + tls.certificate());
        }
        XnioWorker worker = Xnio.getInstance(BenchmarkRun.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, options.sending().driverIoThreads())
                .set(Options.WORKER_TASK_CORE_THREADS, 1)
                .set(Options.WORKER_TASK_MAX_THREADS, 2)
                .set(Options.WORKER_NAME, "driver")
                .getMap());
        XnioWorker sendWorker = sendWorker();
        ByteBufferPool pool = new DefaultByteBufferPool(false, 16 * 1024);
        // run --http2: one small loop group for every HTTP/2 connection of the run, receivers' and sender's.
        EventLoopGroup h2Loops = options.tls().http2() ? H2Client.newLoops() : null;
        if (h2Loops != null) {
            notOverHttp().ifPresent(progress);
        }
        List<StrategyResult> results = new ArrayList<>();
        if (options.costModel().enabled()) {
            int points = CostSweep.pointsRun(options.costModel().clients().size() * options.costModel().rates().size());
            sweepEta = new SweepEta(options.strategies().stream().mapToInt(s -> sendPaths(s).size() * points).sum(),
                    System::nanoTime);
        }
        Floor floor = null;
        String failure = null;
        ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deliverybench-stats-reader");
            thread.setDaemon(true);
            return thread;
        });
        EmulatedNetwork network = null;
        try {
            network = EmulatedNetwork.of(options.network(), options.radio().enabled(), options.workload().seed());
            ClusterOptions cluster = options.cluster();
            for (Strategy strategy : options.strategies()) {
                listener.strategyStarted(strategy);
                for (SendVia via : sendPaths(strategy)) {
                    RunOptions run = options.withSendVia(via);
                    String suffix = via == SendVia.CONNECTION && strategy.carriesSends() ? "+send" : "";
                    if (!cluster.enabled() || cluster.single()) {
                        String label = strategy.name() + suffix;
                        try (ServerHandle server = server(strategy, secret, label)) {
                            if (floor == null) {
                                floor = floor(server.target(), secret);
                            }
                            ServerTarget target = server.target();
                            ServerTarget clientsAt = network == null ? target : network.clients(target);
                            ServerTarget senderAt = network == null ? target : network.sender(target);
                            EmulatedNetwork radioLink = options.radio().enabled() ? network : null;
                            results.add(measure(run, strategy, label, server.process(), target, background, floor, runTag,
                                    r -> new ServerWiring(r, strategy, target, clientsAt, senderAt, worker, pool, h2Loops)
                                            .sendingOn(sendWorker).recording(radioLink == null ? null
                                                    : new RadioSample(radioLink, target,
                                                            Math.min(r.radio().sample(), r.workload().receivers())))));
                            listener.strategyDone(results.get(results.size() - 1));
                        }
                    }
                    for (Routing routing : cluster.enabled() ? cluster.routings() : List.<Routing>of()) {
                        String label = strategy.name() + "@" + routing.key() + suffix;
                        try (GatewayCluster gateways = GatewayCluster.start(cluster, routing, secret,
                                withStrategyArgs(strategy), runDir, strategy.name() + "-" + routing.key() + suffix, progress)) {
                            if (floor == null) {
                                floor = floor(gateways.targets().get(0), secret);
                            }
                            results.add(measure(run, strategy, label, null, null, background, floor, runTag,
                                    r -> new ClusterWiring(r, strategy, gateways, worker, sendWorker, pool)));
                            listener.strategyDone(results.get(results.size() - 1));
                        }
                    }
                }
            }
            if (options.target().broker() != null) {
                results.add(measureBroker(options.target().broker(), background, floor, runTag, secret, worker, pool));
                listener.strategyDone(results.get(results.size() - 1));
            }
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            if (network != null) {
                network.close();
            }
            worker.shutdownNow();
            sendWorker.shutdownNow();
            if (h2Loops != null) {
                H2Client.shutdown(h2Loops);
            }
            background.shutdownNow();
        }
        RunResult result = new RunResult(RunResult.SCHEMA_VERSION, startedAt, failure == null, failure,
                RecordedOptions.of(options),
                MachineFacts.read(), floor, results);
        ResultFiles.write(runDir, result);
        listener.runDone(result);
        return result;
    }

    /** The external broker on the same workload: its devices and sender speak MQTT to it, sends go over MQTT. */
    private StrategyResult measureBroker(String broker, Executor background, Floor floor, String runTag, String secret,
                                         XnioWorker worker, ByteBufferPool pool) throws IOException, InterruptedException {
        BrokerReference reference = new BrokerReference(broker);
        listener.strategyStarted(reference);
        progress.accept("starting " + reference.label() + " on a free loopback port...");
        try (Mosquitto mosquitto = Mosquitto.start(runDir.resolve(broker), PushLimits.DEFAULT.maxMessages())) {
            return measure(options.withSendVia(SendVia.CONNECTION), reference, BrokerReference.resultName(broker), null,
                    null, background, floor, runTag, r -> new BrokerWiring(r, reference, mosquitto, secret, worker, pool));
        }
    }

    /** The line that says which of the measured strategies {@code --http2} leaves as they are, if any. */
    private java.util.Optional<String> notOverHttp() {
        List<String> own = options.strategies().stream().filter(s -> s.transport() == Transport.OWN)
                .map(Strategy::name).toList();
        return own.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("--http2 does not apply to "
                + String.join(", ", own) + ": " + (own.size() == 1 ? "it runs over its" : "they run over their")
                + " own protocol, as without --http2 (sends by POST /messages do go over HTTP/2)");
    }

    /** The send paths a strategy is measured over: HTTP, its own connection, or both when it has one. */
    private List<SendVia> sendPaths(Strategy strategy) {
        return switch (options.sending().sendVia()) {
            case HTTP -> List.of(SendVia.HTTP);
            case CONNECTION -> List.of(SendVia.CONNECTION);
            case BOTH -> strategy.carriesSends() ? List.of(SendVia.HTTP, SendVia.CONNECTION) : List.of(SendVia.HTTP);
        };
    }

    private Floor floor(ServerTarget target, String secret) throws IOException, InterruptedException {
        progress.accept("measuring the loopback floor (TCP PING/PONG and a bare socket echo)...");
        Floor floor = new FloorMeter(NanoClock.SYSTEM, 2_000).measure(target.address(TcpPush.LISTENER),
                new TokenMinter(secret).mint("floor", Duration.ofHours(1)), target.tls() == null
                        ? javax.net.SocketFactory.getDefault() : target.tls().context().getSocketFactory());
        progress.accept(String.format("floor: TCP ping p50 %s, bare echo p50 %s",
                Unit.latency(floor.tcpPingP50Us()), Unit.latency(floor.echoP50Us())));
        return floor;
    }

    /** The outside world of one strategy run at a given configuration: one server's, or a cluster's. */
    @FunctionalInterface
    private interface Wirings {
        Wiring at(RunOptions run);
    }

    /** One strategy over one send path: a run at the configured rate, or a capacity search. */
    private StrategyResult measure(RunOptions run, Strategy strategy, String label, ServerProcess process,
                                   ServerTarget target, Executor background, Floor floor, String runTag, Wirings wirings)
            throws IOException, InterruptedException {
        if (launcher != null) {
            double floorUs = floor == null ? Double.NaN : floor.tcpPingP50Us();
            if (!options.capacity().enabled()) {
                return launcher.run(run, strategy, label, target, runDir, floorUs, pinning.shared());
            }
            return capacity(label, runTag, (rate, stepLabel) -> tag -> launcher.run(run.withRate(rate), strategy,
                    stepLabel, target, runDir, floorUs, pinning.shared()));
        }
        if (options.costModel().enabled()) {
            return costModel(strategy, label, runTag, (clients, rate, warming, stepLabel) -> {
                RunOptions at = run.withClients(clients).withRate(rate);
                RunOptions point = warming && at.window().duration().compareTo(CostSweep.WARMING_WINDOW) > 0
                        ? at.withDuration(CostSweep.WARMING_WINDOW) : at;
                return new StrategyRun(point, strategy, wirings.at(point), RunClock.SYSTEM, background, runDir, floor,
                        progress, process, pinning.shared(), stepLabel).profiled(profile).listenedBy(listener);
            });
        }
        if (!options.capacity().enabled()) {
            // drive --shard I/K: this shard's users and rate, its window opening after the fixed warm-up as every shard's.
            RunOptions part = shard.equals(Shard.WHOLE) ? run : run.withClients(shard.users(run.workload().clients()))
                    .withRate(shard.rate(run.workload().ratePerSecond(), run.workload().clients())).withFixedWarmup();
            return new StrategyRun(part, strategy, wirings.at(part), RunClock.SYSTEM, background, runDir, floor, progress,
                    process, pinning.shared(), label).profiled(profile).listenedBy(listener).asShard(shard, startAtMs)
                    .run(runTag);
        }
        return capacity(label, runTag, (rate, stepLabel) -> new StrategyRun(run.withRate(rate), strategy,
                wirings.at(run.withRate(rate)), RunClock.SYSTEM, background, runDir, floor, progress, process,
                pinning.shared(), stepLabel).profiled(profile).listenedBy(listener)::run);
    }

    /** Makes the run of one capacity step at a rate, with its label (the result's and the log's name). */
    @FunctionalInterface
    private interface StepRuns {
        Step at(double rate, String label);
    }

    /** One capacity step, run under its tag: in this process, or by the shards. */
    @FunctionalInterface
    private interface Step {
        StrategyResult run(String runTag) throws IOException, InterruptedException;
    }

    /** One strategy's capacity: the steps, and the result at the highest rate that passed. */
    private StrategyResult capacity(String name, String runTag, StepRuns runs) throws IOException, InterruptedException {
        CapacityOptions capacity = options.capacity();
        // A step measured once more (a miss that may be one stall) keeps its first window's files beside its own.
        Set<String> labels = new HashSet<>();
        CapacitySearch.Outcome found = new CapacitySearch(capacity.slo(), capacity.startRate(), capacity.maxRate(),
                capacity.refinements(), progress).search(name, (rate, index) -> {
                    String label = String.format(Locale.ROOT, "%s@%.0f", name, rate);
                    if (!labels.add(label)) {
                        label += "-again";
                    }
                    return runs.at(rate, label).run(runTag + "s" + index);
                });
        return CapacityResults.summarize(name, found, runDir);
    }

    /** Makes the run of one cost-model point, with its label (the result's and the log's name). */
    @FunctionalInterface
    private interface PointRuns {
        StrategyRun at(int clients, double rate, boolean warming, String label);
    }

    /** One strategy's cost model: a run at each point of the grid, then the fits over the points kept. */
    private StrategyResult costModel(Strategy strategy, String name, String runTag, PointRuns runs)
            throws IOException, InterruptedException {
        CostSweep sweep = new CostSweep(options.costModel().clients(), options.costModel().rates(), progress, sweepEta);
        CostSweep.Outcome swept = sweep.sweep(name, (clients, rate, index) -> runs.at(clients, rate, sweep.warming(index),
                        String.format(Locale.ROOT, "%s@%dx%.0f", name, clients, rate)).run(runTag + "c" + index),
                kept -> IdleTheory.of(strategy, options.workload().devices(), options.workload().pollIntervalMs(),
                        options.workload().pollWaitSeconds(), kept));
        // The report draws a strategy's percentiles from <name>.hlog: the point its table column shows.
        Path log = runDir.resolve(swept.representativePoint().strategy() + ".hlog");
        if (java.nio.file.Files.exists(log)) {
            java.nio.file.Files.copy(log, runDir.resolve(name + ".hlog"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return swept.representative().withCostModel(swept.model());
    }

    /**
     * The I/O thread the HTTP sender's lanes write on, apart from the receivers': a sender that sends under the real-time
     * scheduler raises it ({@link HttpSender.Wire#realtimeLane}), since a send handed to a normal thread waited for the
     * kernel again (sender_handoff p99 1.6-2.2 ms behind a real-time pacer; 140-290 us with the lanes' thread raised).
     */
    private static XnioWorker sendWorker() throws IOException {
        return Xnio.getInstance(BenchmarkRun.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, 1)
                .set(Options.WORKER_TASK_CORE_THREADS, 1)
                .set(Options.WORKER_TASK_MAX_THREADS, 1)
                .set(Options.WORKER_NAME, "driver-send")
                .getMap());
    }

    private ServerHandle server(Strategy strategy, String secret, String label) throws IOException, InterruptedException {
        if (external != null) {
            new HttpStatsReader(external).awaitHealthy(5_000);
            return new ServerHandle(external, null);
        }
        progress.accept("starting a server for " + label
                + (strategy.serverArgs().isEmpty() ? "" : " " + String.join(" ", strategy.serverArgs())) + "...");
        List<String> args = withStrategyArgs(strategy);
        if (profile) {
            Path profiles = java.nio.file.Files.createDirectories(runDir.resolve(StrategyResult.PROFILES));
            args.addAll(List.of("--profile-dir", profiles.toAbsolutePath().toString()));
        }
        ServerProcess process = ServerProcess.start(secret, args, options.target().serverJvmArgs(), pinning.serverPrefix(),
                runDir.resolve("server-" + label + ".log"));
        try {
            new HttpStatsReader(process.target()).awaitHealthy(30_000);
        } catch (IOException e) {
            process.close();
            throw e;
        }
        return new ServerHandle(tls == null ? process.target() : tls.clientsOf(process.target()), process);
    }

    private List<String> withStrategyArgs(Strategy strategy) {
        List<String> args = new ArrayList<>(strategy.serverArgs());
        args.addAll(options.target().serverArgs());
        if (tls != null) {
            args.addAll(tls.serverArgs());
        }
        if (options.tls().http2()) {
            args.add("--http2");
        }
        return args;
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
}
