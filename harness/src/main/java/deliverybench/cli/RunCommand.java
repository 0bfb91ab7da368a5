package deliverybench.cli;

import deliverybench.live.LiveDashboard;
import deliverybench.options.CapacityOptions;
import deliverybench.options.DurationConverter;
import deliverybench.options.RunOptions;
import deliverybench.options.WorkloadOptions;
import deliverybench.report.HtmlReport;
import deliverybench.results.RunResult;
import deliverybench.results.Table;
import deliverybench.run.BenchmarkRun;
import deliverybench.run.server.Pinning;
import deliverybench.run.RunListener;
import deliverybench.shard.ShardArgs;
import deliverybench.shard.ShardLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code deliverybench run}: measures every strategy under the same open-loop workload and prints them side by side. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures each delivery strategy under the same open-loop workload, side by side.")
final class RunCommand implements Callable<Integer> {

    /** The warm-up under which a shard's fresh JVM still compiles in its window (docs/shards.md, the capacity table). */
    private static final java.time.Duration SHARD_WARMUP = java.time.Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "quick",
            description = "quick (the default, about a minute and a half), ci (short and stable), gate (one round of ab: websocket at "
                    + "2,000 msg/s once the server's JIT is quiet, about 30 s), classroom (few "
                    + "clients, slow rates, every variant too), capacity (--find-capacity at the quick shape), cost (--cost-model: every strategy at 200 and 2,000 clients by 50, 500 "
                    + "and 2,000 msg/s in 10 s windows, about 16 minutes), fanout (each "
                    + "message to 100 of 1,000 users), scale (10,000 clients at 1,000 msg/s), connections (WebSocket and TCP "
                    + "at 10,000 clients and 1,000 msg/s, their tail), mobile (every strategy on lte behind a NAT that forgets, "
                    + "adaptive heartbeats, all 100 times faster: docs/network.md), soak (drop and pause chaos for "
                    + "10 minutes per strategy). Options given here win.")
    Scenario scenario;

    @Mixin
    RunOptions options;

    // The options the scenario set (not given on the command line): a driver shard is given them too.
    private final java.util.Set<String> scenarioSet = new java.util.HashSet<>();

    @Override
    public Integer call() throws Exception {
        applyScenario();
        try {
            options.validate();
            BenchmarkRun.checkLimits(options);
            Pinning.of(options.target());
        } catch (IllegalArgumentException e) {
            System.err.println("deliverybench run: " + e.getMessage());
            return 2;
        }
        WorkloadOptions workload = options.workload();
        Path runDir = BenchmarkRun.newRunDir(options.output().results());
        String rates = options.capacity().enabled() ? "rates searched" : options.costModel().enabled()
                ? "msg/s swept over " + options.costModel().rates() : String.format(java.util.Locale.ROOT, "%.0f msg/s",
                workload.ratePerSecond());
        String clients = options.costModel().enabled() ? "clients swept over " + options.costModel().clients()
                : Integer.toString(workload.clients()) + " clients";
        String title = String.format("deliverybench run (%s): %s; %s x %d devices, %s %s%s, %d B, %ds + %ds warm-up each",
                scenario.name().toLowerCase(), String.join(", ", workload.strategy()), clients, workload.devices(),
                rates, workload.arrival().name().toLowerCase(), workload.fanout() > 1 ? ", each message to "
                        + workload.fanout() + " users" : "", workload.payloadBytes(),
                options.window().duration().toSeconds(), options.window().warmup().toSeconds());
        String network = options.network().describe();
        if (!network.isEmpty()) {
            title += "; " + network;
        }
        if (!options.tls().describe().isEmpty()) {
            title += "; over " + options.tls().describe();
        }
        System.out.println(title);
        LiveDashboard dashboard = null;
        if (options.output().live()) {
            try {
                dashboard = LiveDashboard.start("127.0.0.1", options.output().livePort(), options, title);
            } catch (RuntimeException e) {
                System.err.println("deliverybench run: cannot serve the live page on 127.0.0.1:"
                        + options.output().livePort() + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
                return 2;
            }
            System.out.println("live: " + dashboard.url() + " (the page stops with the run)");
        }
        try {
            return measure(runDir, dashboard);
        } finally {
            if (dashboard != null) {
                // A moment for the last events to reach the pages open on it.
                Thread.sleep(500);
                dashboard.close();
            }
        }
    }

    private int measure(Path runDir, LiveDashboard dashboard) throws Exception {
        if (options.cluster().enabled()) {
            System.out.println("cluster: " + options.cluster());
        }
        if (options.chaos().faults().any()) {
            System.out.println("chaos: " + options.chaos().faults());
        }
        if (options.workload().contract() == 1) {
            System.out.println("receivers resume as contract v1 clients: with after alone, no epoch");
        }
        CapacityOptions capacity = options.capacity();
        if (capacity.enabled()) {
            System.out.printf("finding each strategy's capacity: from %.0f msg/s, doubling, objective %s and no loss%n",
                    capacity.startRate(), capacity.slo());
        }
        if (options.costModel().enabled()) {
            System.out.printf("cost model: each strategy at %d clients x %d rates, a run of %ds at each point; saturated "
                            + "points are left out of the fit%n", options.costModel().clients().size(),
                    options.costModel().rates().size(), options.window().duration().toSeconds());
        }
        Pinning pinning = Pinning.of(options.target());
        if (!pinning.equals(Pinning.NONE)) {
            System.out.println("pinning: " + pinning);
        }
        java.util.function.Consumer<String> progress = line -> {
            synchronized (System.out) {
                System.out.println(line);
                System.out.flush();
            }
            if (dashboard != null) {
                dashboard.progress(line);
            }
        };
        BenchmarkRun run = new BenchmarkRun(options, runDir, progress, dashboard == null ? RunListener.NONE : dashboard);
        if (options.shards().sharded()) {
            System.out.printf("driver: %d shards (deliverybench drive), each an exact part of the users and the rate%n",
                    options.shards().shards());
            if (options.window().warmup().compareTo(SHARD_WARMUP) < 0) {
                System.out.printf(java.util.Locale.ROOT, "note: each shard is a fresh driver JVM for every strategy and capacity step, and its "
                        + "window opens after the fixed --warmup of %.1f s, not once its own JIT is quiet: under %d s its "
                        + "compiling lands in the tail (a capacity search here found 938 msg/s with 2 s, 20,000 with "
                        + "12 s; docs/shards.md)%n", options.window().warmup().toMillis() / 1000.0,
                        SHARD_WARMUP.toSeconds());
            }
            run.shardedBy(new ShardLauncher(options.shards().shards(), ShardArgs.of(spec, scenarioSet), pinning, progress));
        }
        RunResult result = run.execute();
        System.out.println();
        if (!result.strategies().isEmpty()) {
            Table.warnings(result.strategies()).forEach(line -> System.out.println("WARNING: " + line));
            System.out.print(Table.render(result.strategies()));
        }
        CapacitySummary.lines(result.strategies()).forEach(System.out::println);
        CostSummary.lines(result.strategies()).forEach(System.out::println);
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
                scenarioSet.add(option.getKey());
                OptionSpec target = spec.findOption(option.getKey());
                // A list's items keep their own type: --cost-clients is a list of numbers.
                target.setValue(target.type() == List.class
                        ? java.util.Arrays.stream(option.getValue().split(","))
                        .map(item -> convert(target, target.auxiliaryTypes()[0], item)).toList()
                        : convert(target, target.type(), option.getValue()));
            }
        }
    }

    private Object convert(OptionSpec option, Class<?> type, String value) {
        if (type == int.class || type == Integer.class) {
            return Integer.parseInt(value);
        }
        if (type == long.class) {
            return Long.parseLong(value);
        }
        if (type == double.class || type == Double.class) {
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
}
