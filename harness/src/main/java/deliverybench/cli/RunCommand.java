package deliverybench.cli;

import deliverybench.live.LiveDashboard;
import deliverybench.cluster.LocalRedis;
import deliverybench.cluster.Routing;
import deliverybench.report.HtmlReport;
import deliverybench.results.RunResult;
import deliverybench.results.Table;
import deliverybench.run.BenchmarkRun;
import deliverybench.run.CapacityPlan;
import deliverybench.run.Pinning;
import deliverybench.run.Slo;
import deliverybench.run.Chaos;
import deliverybench.run.RunConfig;
import deliverybench.run.RunListener;
import deliverybench.run.ServerTarget;
import deliverybench.run.cluster.ClusterPlan;
import deliverybench.schedule.Arrival;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.tcp.TcpPush;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code deliverybench run}: measures every strategy under the same open-loop workload and prints them side by side. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures each delivery strategy under the same open-loop workload, side by side.")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "quick",
            description = "quick (the default, about a minute and a half), ci (short and stable), classroom (few "
                    + "clients, slow rates, every variant too), capacity (--find-capacity at the quick shape), fanout (each "
                    + "message to 100 of 1,000 users), scale (10,000 clients at 1,000 msg/s), soak (drop and pause chaos for "
                    + "10 minutes per strategy). Options given here win.")
    Scenario scenario;

    @Option(names = "--strategy", split = ",", defaultValue = "all", completionCandidates = StrategyNames.class,
            description = "Strategies, comma-separated: ${COMPLETION-CANDIDATES}; all (every one that is not a variant "
                    + "of another) or every (variants too). Default: ${DEFAULT-VALUE}.")
    List<String> strategies;

    @Option(names = "--clients", defaultValue = "200", description = "Receiving users (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--devices", defaultValue = "1", description = "Connections per user (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", defaultValue = "100", description = "Messages per second in total (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--arrival", defaultValue = "poisson", description = "constant or poisson (default: ${DEFAULT-VALUE}).")
    Arrival arrival;

    @Option(names = "--payload", defaultValue = "64", description = "Body bytes per message (default: ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time per strategy, e.g. 10s, 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class,
            description = "The least warm-up: sent before the measured time, delivered, not recorded; the window opens "
                    + "once the server's JIT compile time has been flat for a second (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--warmup-max", defaultValue = "30s", converter = DurationConverter.class,
            description = "The most warm-up: the window opens then even if the server's JIT is still compiling "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration warmupMax;

    @Option(names = "--poll-interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "Short poll interval (default: ${DEFAULT-VALUE}); 0 asks again as soon as answered, "
                    + "a client as busy as wrk (bench/driver-vs-wrk.sh).")
    Duration pollInterval;

    @Option(names = "--poll-wait", defaultValue = "30s", converter = DurationConverter.class,
            description = "Long poll wait, 1s to 120s (default: ${DEFAULT-VALUE}).")
    Duration pollWait;

    @Option(names = "--seed", defaultValue = "1", description = "Schedule seed; the same seed gives every strategy "
            + "the same sends (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--connect-rate", defaultValue = "2000",
            description = "Receiver connections opened per second (default: ${DEFAULT-VALUE}).")
    int connectRate;

    @Option(names = "--grace", defaultValue = "3s", converter = DurationConverter.class,
            description = "After the last send, deliveries later than this (short poll: plus its interval) are "
                    + "counted late (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--drain-max", defaultValue = "30s", converter = DurationConverter.class,
            description = "After the last send, the most the run waits for the driver's backlog and the last "
                    + "deliveries; a message is lost only when everything went quiet before this (default: ${DEFAULT-VALUE}).")
    Duration drainMax;

    @Option(names = "--fanout", defaultValue = "1",
            description = "Recipients of each message: one POST with a list of that many distinct users, a copy into "
                    + "each inbox (default: ${DEFAULT-VALUE}).")
    int fanout;

    @Option(names = "--send-via", defaultValue = "http",
            description = "http (POST /messages for every strategy, the default, so they stay comparable), "
                    + "connection (strategies whose connection has an upstream, WebSocket and TCP, send over a connection of "
                    + "their own kind, as <name>+send) or both (each of those twice, over HTTP and over its connection).")
    deliverybench.run.SendVia sendVia;

    @Option(names = "--sender-connections", defaultValue = "4",
            description = "Kept-alive connections of the send path (default: ${DEFAULT-VALUE}).")
    int senderConnections;

    @Option(names = "--sender-pipeline", defaultValue = "64",
            description = "Sends each send connection keeps out unanswered (default: ${DEFAULT-VALUE}); 1 waits for "
                    + "each answer, as wrk and most clients do, so that a stalled server stalls the sender too.")
    int senderPipeline;

    @Option(names = "--driver-io-threads", defaultValue = "2",
            description = "I/O threads of the driver's one XNIO worker (default: ${DEFAULT-VALUE}).")
    int driverIoThreads;

    @Option(names = "--chaos", split = ",", description = "Faults, comma-separated: drop=<fraction per second> "
            + "(abruptly close random receiver connections; they resume with after), pause=<duration>@<time> "
            + "(SIGSTOP the spawned server at <time> into the measured window, SIGCONT after <duration>), "
            + "slow=<fraction> (that fraction of push receivers read about 1 message or 1 KiB a second), "
            + "restart@<time> (a fresh server, with empty inboxes, on the same ports); with --gateways, "
            + "kill-gateway@<time> (SIGKILL a gateway; its clients move to another) and redis-pause=<duration>@<time> "
            + "(SIGSTOP Redis).")
    List<String> chaos = List.of();

    @Option(names = "--contract", defaultValue = "2", description = "The wire contract the receivers resume by: 2 "
            + "(default) sends the server's epoch back, 1 resumes with after alone, as a contract v1 client, to show "
            + "what a restart hides without the epoch.")
    int contract;

    @Option(names = "--find-capacity", description = "Search each strategy's capacity: from --start-rate the rate "
            + "doubles until a step misses --slo or loses a message, then the gap is halved --refine times; each step is a "
            + "whole run of --duration with its own warm-up, on one server per strategy.")
    boolean findCapacity;

    @Option(names = "--slo", defaultValue = "p99=50ms",
            description = "The latency objective of --find-capacity, on the corrected latency (default: ${DEFAULT-VALUE}).")
    String slo;

    @Option(names = "--start-rate", defaultValue = "500",
            description = "--find-capacity's first rate, msg/s (default: ${DEFAULT-VALUE}).")
    double startRate;

    @Option(names = "--max-rate", defaultValue = "256000",
            description = "--find-capacity's highest rate tried, msg/s (default: ${DEFAULT-VALUE}).")
    double maxRate;

    @Option(names = "--refine", defaultValue = "3",
            description = "--find-capacity: times the gap between the last pass and the first failure is halved "
                    + "(default: ${DEFAULT-VALUE}).")
    int refine;

    @Option(names = "--profile", description = "Profile each spawned server's CPU over its measured window with "
            + "async-profiler (perf events, or its itimer mode where the kernel refuses them): a flame graph per strategy "
            + "in <run>/profiles/, linked from the report.")
    boolean profile;

    @Option(names = "--server-cpus", description = "Pin the spawned server to these cores (taskset -c), e.g. 0.")
    String serverCpus;

    @Option(names = "--driver-cpus", description = "Pin the driver to these cores (taskset -a -p), e.g. 1.")
    String driverCpus;

    @Option(names = "--server", description = "Target a running server, http://HOST:PORT, instead of spawning one "
            + "per strategy (then --tcp-port and --secret are needed).")
    URI server;

    @Option(names = "--tcp-port", defaultValue = "9090", description = "TCP port of --server (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--secret", description = "Secret of --server (default: $" + ServeCommand.SECRET_ENV + ").")
    String secret;

    @Option(names = "--server-jvm-args", split = " ", defaultValue = "-Xmx2g",
            description = "JVM options of the spawned server, space-separated (default: ${DEFAULT-VALUE}).")
    List<String> serverJvmArgs;

    @Option(names = "--server-args", split = " ", description = "Extra serve options of the spawned server, "
            + "space-separated, e.g. \"--push-queue-messages 100\".")
    List<String> serverArgs = List.of();

    @Option(names = "--live", description = "Serve a page that shows the run as it goes (progress, sent and delivered, "
            + "p99 per second, the cost rows as each strategy ends), on loopback; its URL is printed at the start.")
    boolean live;

    @Option(names = "--live-port", description = "Port of the --live page (implies --live; default: a free one).")
    Integer livePort;

    @Option(names = "--gateways", description = "Also measure each strategy on this many gateway processes over one "
            + "Redis (serve --cluster), once per --routing; clients spread over the gateways, each message sent to a "
            + "random one. Results are named strategy@routing, beside the single server's.")
    Integer gateways;

    @Option(names = "--routing", split = ",", defaultValue = "map,broadcast,channel",
            description = "With --gateways: the routings to measure, comma-separated: map, broadcast, channel "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> routings;

    @Option(names = "--single", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --gateways: also measure the single in-memory server on the same workload "
                    + "(default: ${DEFAULT-VALUE}; --no-single skips it).")
    boolean single;

    @Option(names = "--redis", description = "With --gateways: use this Redis, redis://HOST:PORT, instead of starting "
            + "redis-server on a free loopback port for each measurement.")
    URI redis;

    @Option(names = "--gateway-jvm-args", split = " ", defaultValue = "-Xmx256m",
            description = "JVM options of each gateway, space-separated (default: ${DEFAULT-VALUE}).")
    List<String> gatewayJvmArgs;

    @Option(names = "--results", defaultValue = "results",
            description = "Where run folders go: <results>/runs/<timestamp>/ (default: ${DEFAULT-VALUE}).")
    Path results;

    @Override
    public Integer call() throws Exception {
        applyScenario();
        RunConfig config;
        ClusterPlan plan;
        ServerTarget target = null;
        CapacityPlan capacity = null;
        Pinning pinning;
        try {
            config = config();
            pinning = new Pinning(serverCpus, driverCpus);
            if (findCapacity) {
                capacity = new CapacityPlan(Slo.parse(slo), startRate, maxRate, refine);
            }
            BenchmarkRun.checkLimits(config);
            plan = clusterPlan();
            if (server != null) {
                String key = secret != null ? secret : System.getenv(ServeCommand.SECRET_ENV);
                if (key == null || key.isEmpty()) {
                    throw new IllegalArgumentException("--server needs the server's secret: --secret or $" + ServeCommand.SECRET_ENV);
                }
                target = new ServerTarget(server, Map.of(TcpPush.LISTENER, tcpPort), key);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("deliverybench run: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            System.err.println("deliverybench run: " + e.getMessage());
            return 2;
        }
        Path runDir = BenchmarkRun.newRunDir(results);
        String rates = capacity != null ? "rates searched" : String.format(java.util.Locale.ROOT, "%.0f msg/s", rate);
        String title = String.format("deliverybench run (%s): %s; %d clients x %d devices, %s %s%s, %d B, %ds + %ds warm-up each",
                scenario.name().toLowerCase(), String.join(", ", config.strategies().stream().map(Strategy::name).toList()), clients, devices,
                rates, arrival.name().toLowerCase(), fanout > 1 ? ", each message to " + fanout + " users" : "", payload,
                duration.toSeconds(), warmup.toSeconds());
        System.out.println(title);
        LiveDashboard dashboard = null;
        if (live || livePort != null) {
            try {
                dashboard = LiveDashboard.start("127.0.0.1", livePort == null ? 0 : livePort, config, title);
            } catch (RuntimeException e) {
                System.err.println("deliverybench run: cannot serve the live page on 127.0.0.1:"
                        + (livePort == null ? 0 : livePort) + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
                return 2;
            }
            System.out.println("live: " + dashboard.url() + " (the page stops with the run)");
        }
        try {
            return measure(config, target, runDir, dashboard, capacity, pinning, plan);
        } finally {
            if (dashboard != null) {
                // A moment for the last events to reach the pages open on it.
                Thread.sleep(500);
                dashboard.close();
            }
        }
    }

    private int measure(RunConfig config, ServerTarget target, Path runDir, LiveDashboard dashboard, CapacityPlan capacity,
                        Pinning pinning, ClusterPlan plan) throws Exception {
        if (plan != null) {
            System.out.println("cluster: " + plan);
        }
        if (config.chaos().any()) {
            System.out.println("chaos: " + config.chaos());
        }
        if (contract == 1) {
            System.out.println("receivers resume as contract v1 clients: with after alone, no epoch");
        }
        if (capacity != null) {
            System.out.printf("finding each strategy's capacity: from %.0f msg/s, doubling, objective %s and no loss%n",
                    capacity.startRate(), capacity.slo());
        }
        if (serverCpus != null || driverCpus != null) {
            System.out.println("pinning: " + pinning);
        }
        RunResult result = new BenchmarkRun(config, target, runDir, serverJvmArgs, serverArgs, line -> {
            System.out.println(line);
            System.out.flush();
            if (dashboard != null) {
                dashboard.progress(line);
            }
        }, dashboard == null ? RunListener.NONE : dashboard).findCapacity(capacity).pin(pinning).profile(profile)
                .cluster(plan).execute();
        System.out.println();
        if (!result.strategies().isEmpty()) {
            Table.warnings(result.strategies()).forEach(line -> System.out.println("WARNING: " + line));
            System.out.print(Table.render(result.strategies()));
        }
        CapacitySummary.lines(result.strategies()).forEach(System.out::println);
        System.out.println();
        System.out.println("results: " + runDir.toAbsolutePath());
        if (!result.strategies().isEmpty()) {
            System.out.println("report:  " + HtmlReport.write(runDir).toAbsolutePath());
        }
        if (!result.completed()) {
            System.err.println("deliverybench run: did not finish: " + result.failure());
            return 1;
        }
        if (result.lost() > 0) {
            System.err.printf("deliverybench run: %.0f deliveries lost%n", result.lost());
            return 1;
        }
        return 0;
    }

    /** Sets each option the scenario names, unless it was given on the command line. */
    private void applyScenario() {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (Map.Entry<String, String> option : scenario.options().entrySet()) {
            if (!parsed.hasMatchedOption(option.getKey())) {
                OptionSpec target = spec.findOption(option.getKey());
                target.setValue(target.type() == List.class
                        ? List.of(option.getValue().split(","))
                        : convert(target, option.getValue()));
            }
        }
    }

    private Object convert(OptionSpec option, String value) {
        Class<?> type = option.type();
        if (type == int.class) {
            return Integer.parseInt(value);
        }
        if (type == long.class) {
            return Long.parseLong(value);
        }
        if (type == double.class) {
            return Double.parseDouble(value);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(value);
        }
        if (type == Duration.class) {
            return new DurationConverter().convert(value);
        }
        if (type.isEnum()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object constant = Enum.valueOf((Class<? extends Enum>) type, value.toUpperCase(java.util.Locale.ROOT));
            return constant;
        }
        if (type == String.class) {
            return value;
        }
        throw new IllegalStateException("scenario option " + option.longestName() + " has an unexpected type " + type);
    }

    private RunConfig config() {
        return RunConfig.builder(Strategies.parse(strategies)).clients(clients).devices(devices).rate(rate)
                .arrival(arrival).payloadBytes(payload).duration(duration).warmupMax(warmupMax).warmup(warmup)
                .pollIntervalMs((int) pollInterval.toMillis()).pollWaitSeconds((int) pollWait.toSeconds()).seed(seed)
                .connectRate(connectRate).drainMax(drainMax).grace(grace).senderConnections(senderConnections)
                .senderPipeline(senderPipeline)                .driverIoThreads(driverIoThreads).chaos(Chaos.parse(chaos)).contract(contract).fanout(fanout)
                .sendVia(sendVia).build();
    }

    /** The cluster to measure on, or null without {@code --gateways}; fails when Redis is needed and missing. */
    private ClusterPlan clusterPlan() throws java.io.IOException {
        if (gateways == null) {
            if (redis != null) {
                throw new IllegalArgumentException("--redis needs --gateways N");
            }
            if (Chaos.parse(chaos).cluster()) {
                throw new IllegalArgumentException("--chaos kill-gateway and redis-pause act on a cluster: add --gateways N");
            }
            return null;
        }
        if (server != null) {
            throw new IllegalArgumentException("--gateways spawns its gateways; it cannot be used with --server");
        }
        if (redis == null) {
            LocalRedis.requireInstalled();
        }
        return new ClusterPlan(gateways, routings.stream().map(Routing::parse).toList(), single, redis, gatewayJvmArgs);
    }

    /** The strategy names for {@code --strategy}'s help, from the registry. */
    static final class StrategyNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Strategies.names().iterator();
        }
    }
}
