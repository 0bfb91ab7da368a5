package deliverybench.options;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import deliverybench.cluster.local.LocalRedis;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import deliverybench.shard.Shard;

import java.io.IOException;
import java.util.List;

/**
 * A run's configuration: the option groups of {@code deliverybench run}, each read by the code that uses it,
 * checked together by {@link #validate} and written to run.json group by group as they are.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class RunOptions {

    @Mixin
    private WorkloadOptions workload;
    @Mixin
    private SendingOptions sending;
    @Mixin
    private WindowOptions window;
    @Mixin
    private ChaosOptions chaos;
    @Mixin
    private CapacityOptions capacity;
    @Mixin
    private CostModelOptions costModel;
    @Mixin
    private ClusterOptions cluster;
    @Mixin
    private TargetOptions target;
    @Mixin
    private TlsOptions tls;
    @Mixin
    private NetworkOptions network;
    @Mixin
    private RadioOptions radio;
    @Mixin
    private ShardOptions shards;
    @JsonIgnore
    @Mixin
    private OutputOptions output;

    /** The strategies measured, resolved from --strategy (or given directly, by a test of a scripted strategy). */
    private transient List<Strategy> strategies;

    /** The options as {@code args} give them (a later one wins), the rest at their defaults, validated; for tests. */
    public static RunOptions parse(String... args) {
        RunOptions options = new RunOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).setOverwrittenOptionsAllowed(true).parseArgs(args);
        return options.validate();
    }

    /** As {@link #parse(String...)}, measuring these strategies (which need not be in the registry). */
    public static RunOptions parse(List<Strategy> strategies, String... args) {
        RunOptions options = new RunOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).setOverwrittenOptionsAllowed(true).parseArgs(args);
        options.strategies = List.copyOf(strategies);
        return options.validate();
    }

    /** Checks every option and how they combine; IllegalArgumentException naming the option when one is wrong. */
    public RunOptions validate() {
        if (strategies == null) {
            strategies = Strategies.parse(workload.strategy);
        }
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("at least one strategy");
        }
        workload.strategy = strategies.stream().map(Strategy::name).toList();
        workload.validate();
        sending.validate();
        window.validate();
        chaos.validate(window.duration());
        capacity.validate();
        costModel.validate();
        cluster.validate();
        target.validate();
        tls.validate(target.server() != null);
        network.validate();
        Group.require(!tls.http2() || !cluster.enabled(), "--http2 is not built for --gateways yet: the gateways' "
                + "clients speak HTTP/1.1; run one server (without --gateways)");
        radio.validate();
        shards.validate();
        if (shards.sharded()) {
            validateSharded();
        }
        int cpuLists = target.driverCpus() == null ? 1 : target.driverCpus().split("/", -1).length;
        Group.require(cpuLists == 1 || cpuLists == shards.shards(), "--driver-cpus " + target.driverCpus() + " names "
                + cpuLists + " cpu lists, one per shard, but --shards is " + shards.shards());
        Group.require(!radio.enabled() || !cluster.enabled(), "--radio records one server's clients at the link, not with --gateways");
        Group.require(!radio.enabled() || target.broker() == null, "--radio records our server's clients, not --broker's");
        Group.require(!network.enabled() || !cluster.enabled(), "--network emulates one server's clients' link, not with --gateways");
        Group.require(workload.fanout() == 1 || sending.sendVia() == SendVia.HTTP,
                "--fanout sends to a list, which only POST /messages takes: use --send-via http");
        Group.require(!costModel.enabled() || !capacity.enabled(), "--cost-model and --find-capacity are two sweeps: pick one");
        Group.require(!costModel.enabled() || !cluster.enabled(), "--cost-model measures one server, not with --gateways");
        Group.require(!costModel.enabled() || costModel.clients().get(0) >= workload.fanout(),
                "--fanout " + workload.fanout() + " needs at least as many clients at every --cost-clients, was "
                        + costModel.clients());
        boolean external = target.server() != null;
        Chaos faults = chaos.faults();
        Group.require(!external || (faults.pause() == null && faults.restartAt() == null),
                "--chaos pause and restart act on a spawned server, not on --server");
        Group.require(target.broker() == null || (faults.pause() == null && faults.restartAt() == null),
                "--chaos pause and restart act on our spawned server, not on --broker");
        Group.require(!faults.cluster() || cluster.enabled(),
                "--chaos kill-gateway, redis-pause and kill-redis-primary act on a cluster: add --gateways N");
        Group.require(faults.killRedisPrimaryAt() == null || (cluster.redisShards() > 0 && cluster.redisReplicas() >= 1),
                "--chaos kill-redis-primary kills a primary of a Redis Cluster the run starts, whose replica takes "
                        + "over: add --redis-shards S --redis-replicas 1");
        if (cluster.enabled()) {
            Group.require(!external, "--gateways spawns its gateways; it cannot be used with --server");
            Group.require(!target.profile() && target.serverCpus() == null,
                    "--profile and --server-cpus act on one spawned server, not with --gateways");
            if (cluster.redis() == null) {
                try {
                    LocalRedis.requireInstalled();
                } catch (IOException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
        }
        return this;
    }

    public WorkloadOptions workload() { return workload; }
    public SendingOptions sending() { return sending; }
    public WindowOptions window() { return window; }
    public ChaosOptions chaos() { return chaos; }
    public CapacityOptions capacity() { return capacity; }
    public CostModelOptions costModel() { return costModel; }
    public ClusterOptions cluster() { return cluster; }
    public TargetOptions target() { return target; }
    public TlsOptions tls() { return tls; }
    public NetworkOptions network() { return network; }
    public RadioOptions radio() { return radio; }
    public ShardOptions shards() { return shards; }
    public OutputOptions output() { return output; }
    /** Measured one after another, each on the same schedule. */
    public List<Strategy> strategies() { return strategies; }

    /** The same run at another rate (a capacity step). */
    public RunOptions withRate(double perSecond) {
        RunOptions copy = copy();
        copy.workload = workload.withRate(perSecond);
        return copy;
    }

    /** The same run with another number of receiving users (a cost-model point). */
    public RunOptions withClients(int clients) {
        RunOptions copy = copy();
        copy.workload = workload.withClients(clients);
        return copy;
    }

    /** The same run measuring for {@code window} instead of --duration (a cost model's warming point). */
    public RunOptions withDuration(java.time.Duration window) {
        RunOptions copy = copy();
        copy.window = this.window.lasting(window);
        return copy;
    }

    /** The same run with its warm-up fixed at --warmup: every shard's window opens at the same instant. */
    public RunOptions withFixedWarmup() {
        RunOptions copy = copy();
        copy.window = window.fixed();
        return copy;
    }

    /** What --shards runs as driver processes of their own; the rest is measured by one driver only, for now. */
    private void validateSharded() {
        Shard.requireUsers(shards.shards(), workload.clients());
        Group.require(workload.clients() / shards.shards() >= workload.fanout(), "--fanout " + workload.fanout()
                + " needs every shard to have that many users: --clients at least " + workload.fanout() * shards.shards());
        Group.require(!cluster.enabled() && target.broker() == null && !costModel.enabled() && !network.enabled()
                        && !radio.enabled() && !chaos.faults().any() && !tls.on() && !target.profile() && (output == null || !output.live()),
                "--shards drives one server (spawned or --server) at a rate or by --find-capacity; it is not built yet "
                        + "for --gateways, --broker, --cost-model, --network, --radio, --chaos, --tls, --profile or --live");
    }

    /** The same run over another send path. */
    public RunOptions withSendVia(SendVia via) {
        RunOptions copy = copy();
        copy.sending = sending.withSendVia(via);
        return copy;
    }

    private RunOptions copy() {
        RunOptions copy = new RunOptions();
        copy.workload = workload;
        copy.sending = sending;
        copy.window = window;
        copy.chaos = chaos;
        copy.capacity = capacity;
        copy.costModel = costModel;
        copy.cluster = cluster;
        copy.target = target;
        copy.tls = tls;
        copy.network = network;
        copy.radio = radio;
        copy.shards = shards;
        copy.output = output;
        copy.strategies = strategies;
        return copy;
    }
}
