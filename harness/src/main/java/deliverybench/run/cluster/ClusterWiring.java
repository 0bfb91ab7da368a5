package deliverybench.run.cluster;

import deliverybench.options.SendVia;
import deliverybench.options.RunOptions;
import deliverybench.client.ClientContext;
import deliverybench.measure.DeliveryLedger;
import deliverybench.run.chaos.ClusterFaults;
import deliverybench.run.send.ConnectionSender;
import deliverybench.run.send.HttpSender;
import deliverybench.run.send.Sender;
import deliverybench.run.server.StatsReader;
import deliverybench.run.server.ServerTarget;
import deliverybench.run.Wiring;
import deliverybench.schedule.NanoClock;
import deliverybench.strategy.Strategy;
import io.undertow.connector.ByteBufferPool;
import org.xnio.XnioWorker;

import deliverybench.cluster.local.LocalRedis;
import deliverybench.cluster.local.LocalRedisCluster;
import io.lettuce.core.cluster.SlotHash;

import java.io.IOException;
import java.util.BitSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The outside world of one strategy on a cluster: each device on its gateway ({@link Placement}), each
 * send through a random gateway, the cluster's counters summed with Redis's, and the faults chaos may
 * do to it.
 */
public final class ClusterWiring implements Wiring, ClusterFaults {

    private final RunOptions config;
    private final Strategy strategy;
    private final GatewayCluster cluster;
    private final XnioWorker worker;
    private final XnioWorker sendWorker;
    private final ByteBufferPool pool;
    private final Placement placement;
    private final List<ClientContext> contexts = new ArrayList<>();
    private final List<ServerTarget> targets;
    private SpreadSender spread;
    private ClusterStatsReader probe;
    private int killed = -1;
    private DeliveryLedger ledger;
    private String[] users;

    public ClusterWiring(RunOptions config, Strategy strategy, GatewayCluster cluster, XnioWorker worker, ByteBufferPool pool) {
        this(config, strategy, cluster, worker, worker, pool);
    }

    /** @param sendWorker the worker whose I/O thread sends over HTTP (the run's real-time send lane) */
    public ClusterWiring(RunOptions config, Strategy strategy, GatewayCluster cluster, XnioWorker worker,
                         XnioWorker sendWorker, ByteBufferPool pool) {
        this.config = config;
        this.strategy = strategy;
        this.cluster = cluster;
        this.worker = worker;
        this.sendWorker = sendWorker;
        this.pool = pool;
        this.targets = cluster.targets();
        this.placement = new Placement(targets.size(), config.workload().devices());
        ClientContext first = new ClientContext(worker, pool, targets.get(0).http(), targets.get(0).ports(),
                config.workload().pollIntervalMs(), config.workload().pollWaitSeconds(), config.workload().contract() >= 2).withTls(targets.get(0).tls())
                .withHeartbeat(config.network().heartbeat());
        contexts.add(first);
        for (int g = 1; g < targets.size(); g++) {
            contexts.add(first.on(targets.get(g).http(), targets.get(g).ports()));
        }
    }

    @Override
    public ClientContext clients() {
        return contexts.get(0);
    }

    @Override
    public ClientContext clients(int deviceIndex) {
        return contexts.get(placement.gatewayOf(deviceIndex));
    }

    @Override
    public String secret() {
        return targets.get(0).secret();
    }

    @Override
    public synchronized Sender sender(DeliveryLedger ledger, String[] users, String token, int payloadBytes)
            throws IOException, InterruptedException {
        // --sender-connections to each gateway: a send waits on Redis too, and the send path must not be what limits.
        this.ledger = ledger;
        this.users = users;
        boolean overConnection = config.sending().sendVia() == SendVia.CONNECTION && strategy.carriesSends();
        List<Sender> senders = new ArrayList<>();
        for (int g = 0; g < targets.size(); g++) {
            senders.add(overConnection
                    ? new ConnectionSender(strategy, contexts.get(g), config.sending().senderConnections(), config.sending().senderPipeline(),
                            NanoClock.SYSTEM, ledger, users, token, payloadBytes)
                    : new HttpSender(sendWorker, targets.get(g).http(), targets.get(g).tls(), config.sending().senderConnections(), config.sending().senderPipeline(),
                            NanoClock.SYSTEM, ledger, users, token, payloadBytes));
        }
        spread = new SpreadSender(senders, placement, config.workload().seed());
        return spread;
    }

    @Override
    public synchronized StatsReader server() {
        if (probe == null) {
            probe = new ClusterStatsReader(targets, cluster.redis(), spread);
        }
        return probe;
    }

    @Override
    public ClusterFaults clusterFaults() {
        return this;
    }

    /** Kills the last gateway; its clients are pointed at the first, its sends go elsewhere. */
    @Override
    public synchronized void killGateway(Consumer<String> progress) {
        if (killed >= 0 || targets.size() < 2) {
            progress.accept("chaos: kill-gateway needs at least two gateways and kills one; skipped");
            return;
        }
        killed = targets.size() - 1;
        try {
            // Taken out of rotation first, as a load balancer would: the clients' reconnects go to g0.
            if (spread != null) {
                spread.retire(killed);
            }
            contexts.get(killed).retarget(targets.get(0).http(), targets.get(0).ports());
            cluster.kill(killed);
            progress.accept("chaos: gateway g" + killed + " killed (SIGKILL); its clients reconnect to g0");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void killRedisPrimary(Consumer<String> progress) {
        LocalRedisCluster.KilledPrimary primary;
        long killedNs;
        try {
            primary = cluster.killRedisPrimary();
            killedNs = System.nanoTime();
        } catch (IOException e) {
            progress.accept("chaos: could not kill a Redis primary: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        BitSet slots = slots(primary.slots());
        String[] named;
        DeliveryLedger book;
        synchronized (this) {
            named = users;
            book = ledger;
        }
        if (book != null) {
            book.answers().failover(killedNs, user -> slots.get(SlotHash.getSlot("{" + named[user] + "}")));
        }
        progress.accept("chaos: Redis primary 127.0.0.1:" + primary.port() + " (slots " + primary.slots()
                + ") killed (SIGKILL); its replica " + primary.replicaPorts() + " should take over");
        Thread watch = new Thread(() -> promoteAndRestart(primary, killedNs, progress), "deliverybench-failover-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Waits for a replica to say it is primary, then starts the killed node again, as a supervisor would. */
    private void promoteAndRestart(LocalRedisCluster.KilledPrimary primary, long killedNs, Consumer<String> progress) {
        LocalRedisCluster shards = cluster.shards();
        try {
            long deadline = killedNs + 30_000_000_000L;
            while (System.nanoTime() - deadline < 0) {
                for (int port : primary.replicaPorts()) {
                    LocalRedis replica = shards.node(port);
                    if (replica != null && LocalRedisCluster.isPrimary(replica)) {
                        progress.accept(String.format("chaos: replica 127.0.0.1:%d is primary %.2f s after the kill; "
                                + "restarting the killed node", port, (System.nanoTime() - killedNs) / 1e9));
                        shards.restart(primary.port());
                        progress.accept(String.format("chaos: 127.0.0.1:%d is back %.2f s after the kill and rejoins "
                                + "as a replica", primary.port(), (System.nanoTime() - killedNs) / 1e9));
                        return;
                    }
                }
                Thread.sleep(50);
            }
            progress.accept("chaos: no replica of 127.0.0.1:" + primary.port() + " took over within 30 s");
        } catch (IOException e) {
            progress.accept("chaos: the failover watch failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Slots as CLUSTER NODES lists them, {@code 0-5460 5462}; a slot being moved ({@code [...]}) is left out. */
    static BitSet slots(String ranges) {
        BitSet slots = new BitSet();
        for (String range : ranges.trim().split("\\s+")) {
            if (range.isEmpty() || range.startsWith("[")) {
                continue;
            }
            int dash = range.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
            slots.set(from, to + 1);
        }
        return slots;
    }

    @Override
    public void pauseRedis(Consumer<String> progress) {
        signal("STOP", progress);
        progress.accept("chaos: Redis stopped (SIGSTOP)");
    }

    @Override
    public void resumeRedis(Consumer<String> progress) {
        signal("CONT", progress);
        progress.accept("chaos: Redis resumed (SIGCONT)");
    }

    private void signal(String signal, Consumer<String> progress) {
        try {
            cluster.signalRedis(signal);
        } catch (IOException e) {
            progress.accept("chaos: could not send SIG" + signal + " to Redis: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
