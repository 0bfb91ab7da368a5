package deliverybench.cli;

import deliverybench.options.RunOptions;
import deliverybench.options.SendVia;
import deliverybench.results.RunResult;
import deliverybench.results.Table;
import deliverybench.run.BenchmarkRun;
import deliverybench.run.server.Pinning;
import deliverybench.shard.Shard;
import deliverybench.shard.ShardMerge;
import deliverybench.strategy.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deliverybench drive}: one shard of a run's load against a running server, into a folder {@code merge} reads. */
@Command(name = "drive", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drives part I of K of a run against a running server (--server): given the whole run's options, it "
                + "takes its exact part of the users and the rate, starts its schedule at --start-at, opens its window "
                + "after exactly --warmup, and writes its run folder (run.json, the HdrHistogram log, shard.json) into "
                + "--results DIR itself; deliverybench merge DIR... makes the run's folder and report (docs/shards.md).")
final class DriveCommand implements Callable<Integer> {

    @Option(names = "--shard", required = true, description = "This shard, I/K: part I (from 0) of K.")
    String shard;

    @Option(names = "--start-at", required = true, description = "When every shard starts its schedule: "
            + "milliseconds since the epoch, the same for every shard, after each has connected its devices.")
    long startAtMs;

    @Mixin
    RunOptions options;

    @Override
    public Integer call() throws Exception {
        Shard part;
        try {
            part = Shard.parse(shard);
            options.validate();
            check(part);
            BenchmarkRun.checkLimits(options);
            Pinning.of(options.target());
        } catch (IllegalArgumentException e) {
            System.err.println("deliverybench drive: " + e.getMessage());
            return 2;
        }
        Path dir = options.output().results();
        ShardMerge.writeShardFile(dir, part, startAtMs);
        System.out.printf("shard %s: %d of %d users, %.3f of %.3f msg/s, schedule at %d%n", part,
                part.users(options.workload().clients()), options.workload().clients(),
                part.rate(options.workload().ratePerSecond(), options.workload().clients()),
                options.workload().ratePerSecond(), startAtMs);
        RunResult result = new BenchmarkRun(options, dir, line -> {
            System.out.println(line);
            System.out.flush();
        }).asShard(part, startAtMs).execute();
        if (!result.strategies().isEmpty()) {
            System.out.print(Table.render(result.strategies()));
        }
        System.out.println("results: " + dir.toAbsolutePath());
        if (!result.completed()) {
            System.err.println("deliverybench drive: did not finish: " + result.failure());
            return 3;
        }
        return result.lost() > 0 ? 1 : 0;
    }

    /** A shard drives one strategy over one send path against a running server, as one step of a run. */
    private void check(Shard part) {
        if (options.target().server() == null) {
            throw new IllegalArgumentException("a shard drives a running server: give --server (and --tcp-port, --secret)");
        }
        if (options.shards().sharded()) {
            throw new IllegalArgumentException("drive is one shard: --shard I/K, not --shards");
        }
        if (options.strategies().size() != 1) {
            throw new IllegalArgumentException("a shard drives one strategy (--strategy NAME), was " + options.strategies().size());
        }
        Strategy strategy = options.strategies().get(0);
        if (options.sending().sendVia() == SendVia.BOTH && strategy.carriesSends()) {
            throw new IllegalArgumentException("a shard sends one way: --send-via http or connection");
        }
        if (options.capacity().enabled() || options.costModel().enabled()) {
            throw new IllegalArgumentException("a shard drives one step at --rate; the search or sweep belongs to run --shards");
        }
        Shard.requireUsers(part.count(), options.workload().clients());
        if (part.users(options.workload().clients()) < options.workload().fanout()) {
            throw new IllegalArgumentException("--fanout " + options.workload().fanout() + " needs each shard to have that "
                    + "many users; shard " + part + " has " + part.users(options.workload().clients()));
        }
    }
}
