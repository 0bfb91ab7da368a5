package deliverybench.cli;

import deliverybench.cluster.LocalRedis;
import deliverybench.cluster.Routing;
import deliverybench.report.HtmlReport;
import deliverybench.results.RunResult;
import deliverybench.results.Table;
import deliverybench.run.BenchmarkRun;
import deliverybench.run.Chaos;
import deliverybench.run.RunConfig;
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
            description = "quick (the default, about a minute), ci (short and stable), classroom (few clients, slow "
                    + "rates, every variant too), scale (10,000 clients at 1,000 msg/s), soak (drop and pause chaos for 10 minutes "
                    + "per strategy). Options given here win.")
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
            description = "Sent before the measured time, not recorded (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--poll-interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "Short poll interval (default: ${DEFAULT-VALUE}).")
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
            description = "After the last send, how long to wait for deliveries before counting the rest lost; "
                    + "short poll adds its interval (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--sender-connections", defaultValue = "4",
            description = "Kept-alive connections of the send path (default: ${DEFAULT-VALUE}).")
    int senderConnections;

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
        try {
            config = config();
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
        System.out.printf("deliverybench run (%s): %s; %d clients x %d devices, %.0f msg/s %s, %d B, %ds + %ds warm-up each%n",
                scenario.name().toLowerCase(), String.join(", ", config.strategies().stream().map(Strategy::name).toList()), clients, devices,
                rate, arrival.name().toLowerCase(), payload, duration.toSeconds(), warmup.toSeconds());
        if (plan != null) {
            System.out.println("cluster: " + plan);
        }
        if (config.chaos().any()) {
            System.out.println("chaos: " + config.chaos());
        }
        if (contract == 1) {
            System.out.println("receivers resume as contract v1 clients: with after alone, no epoch");
        }
        RunResult result = new BenchmarkRun(config, target, runDir, serverJvmArgs, serverArgs, line -> {
            System.out.println(line);
            System.out.flush();
        }, plan).execute();
        System.out.println();
        if (!result.strategies().isEmpty()) {
            System.out.print(Table.render(result.strategies()));
        }
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
        if (type == Duration.class) {
            return new DurationConverter().convert(value);
        }
        if (type == Arrival.class) {
            return Arrival.valueOf(value.toUpperCase());
        }
        if (type == String.class) {
            return value;
        }
        throw new IllegalStateException("scenario option " + option.longestName() + " has an unexpected type " + type);
    }

    private RunConfig config() {
        return new RunConfig(Strategies.parse(strategies), clients, devices, rate, arrival, payload, duration, warmup,
                (int) pollInterval.toMillis(), (int) pollWait.toSeconds(), seed, connectRate, grace,
                senderConnections, driverIoThreads, Chaos.parse(chaos), contract);
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
