package deliverybench.cluster.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Cluster of our own on loopback: S primaries (and R replicas of each) from {@code redis-server}
 * in cluster mode, joined by {@code redis-cli --cluster create}, without persistence; for {@code run
 * --redis-shards} and the tests. Its node tables live in a temporary directory, removed with it.
 */
public final class LocalRedisCluster implements AutoCloseable {

    /** {@code redis-cli --cluster create} refuses fewer. */
    public static final int MIN_PRIMARIES = 3;
    private static final long READY_TIMEOUT_MS = 30_000;

    private final Path dir;
    private final List<LocalRedis> nodes;
    private final int primaries;
    private final Path logDir;
    private final String label;

    private LocalRedisCluster(Path dir, List<LocalRedis> nodes, int primaries, Path logDir, String label) {
        this.dir = dir;
        this.nodes = nodes;
        this.primaries = primaries;
        this.logDir = logDir;
        this.label = label;
    }

    /**
     * Starts and joins the nodes and waits until every node says {@code cluster_state:ok}.
     *
     * @param logDir where {@code <label>-<port>.log} of each node goes (null: discarded)
     */
    public static LocalRedisCluster start(int primaries, int replicas, Path logDir, String label)
            throws IOException, InterruptedException {
        if (primaries < MIN_PRIMARIES) {
            throw new IllegalArgumentException("a Redis Cluster needs at least " + MIN_PRIMARIES
                    + " primaries (redis-cli --cluster create), was " + primaries);
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more, was " + replicas);
        }
        String cli = LocalRedis.executable("redis-cli");
        Path dir = Files.createTempDirectory("deliverybench-redis-cluster");
        List<LocalRedis> nodes = new ArrayList<>();
        LocalRedisCluster cluster = new LocalRedisCluster(dir, nodes, primaries, logDir, label);
        try {
            for (int i = 0; i < primaries * (1 + replicas); i++) {
                Path log = logDir == null ? null : logDir.resolve(label + "-" + i + ".log");
                nodes.add(LocalRedis.start(log, dir));
            }
            List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
            nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
            create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
            Process join = new ProcessBuilder(create).redirectErrorStream(true).start();
            String output = new String(join.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!join.waitFor(60, TimeUnit.SECONDS) || join.exitValue() != 0) {
                throw new IOException("redis-cli --cluster create failed: " + output.strip());
            }
            cluster.awaitOk();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void awaitOk() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        for (LocalRedis node : nodes) {
            while (!node.control().command("CLUSTER", "INFO").contains("cluster_state:ok")) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("the Redis Cluster did not reach cluster_state:ok within 30 s (node "
                            + node.port() + ")");
                }
                Thread.sleep(50);
            }
            // A replica that has not synced once would refuse a failover ("disconnected from primary for long time").
            while (!isPrimary(node) && !node.control().command("INFO", "replication").contains("master_link_status:up")) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("the replica on port " + node.port() + " did not sync within 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /** {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,...}: every node a seed. */
    public URI uri() {
        return URI.create("redis-cluster://" + nodes.stream().map(node -> "127.0.0.1:" + node.port())
                .collect(Collectors.joining(",")));
    }

    /** Every node, the first {@link #primaries()} started as primaries (roles may change by failover). */
    /** The primary that serves {@code key}'s slot: the one node that does not answer MOVED (replicas do). */
    public LocalRedis primaryServing(String key) throws IOException {
        for (LocalRedis node : nodes()) {
            String reply = node.control().command("EXISTS", key);
            if (reply != null && !reply.startsWith("ERR MOVED")) {
                return node;
            }
        }
        throw new IllegalStateException("no node serves " + key);
    }

    public synchronized List<LocalRedis> nodes() {
        return List.copyOf(nodes);
    }

    public int primaries() {
        return primaries;
    }

    /** Whether the node answers it is a primary now ({@code ROLE}). */
    public static boolean isPrimary(LocalRedis node) throws IOException {
        String role = node.control().command("ROLE");
        return role != null && role.startsWith("master");
    }

    /**
     * Kills (SIGKILL) the first node that is a primary now and has a replica, and says which: its port, its slots
     * and its replicas' ports, read from {@code CLUSTER NODES} just before.
     */
    public KilledPrimary killPrimary() throws IOException, InterruptedException {
        for (LocalRedis node : nodes) {
            if (!isPrimary(node)) {
                continue;
            }
            String table = node.control().command("CLUSTER", "NODES");
            String myId = null;
            String slots = "";
            for (String line : table.split("\n")) {
                String[] fields = line.trim().split(" ");
                if (fields.length >= 8 && fields[2].contains("myself")) {
                    myId = fields[0];
                    slots = String.join(" ", List.of(fields).subList(8, fields.length));
                }
            }
            List<Integer> replicas = new ArrayList<>();
            for (String line : table.split("\n")) {
                String[] fields = line.trim().split(" ");
                if (fields.length >= 8 && fields[3].equals(myId)) {
                    String address = fields[1];
                    replicas.add(Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@'))));
                }
            }
            if (myId == null || replicas.isEmpty() || slots.isEmpty()) {
                continue;
            }
            node.close();
            return new KilledPrimary(node.port(), slots, replicas);
        }
        throw new IOException("no primary with a replica to kill (start the cluster with replicas)");
    }

    /** The primary {@link #killPrimary} killed: its port, its slots as Redis lists them ({@code 0-5460}), its replicas. */
    public record KilledPrimary(int port, String slots, List<Integer> replicaPorts) {
    }

    /** The node on {@code port}, or null. */
    public synchronized LocalRedis node(int port) {
        return nodes.stream().filter(node -> node.port() == port).findFirst().orElse(null);
    }

    /**
     * Starts a killed node again on its port with its node table, as a supervisor would: a primary whose slots a
     * replica took over meanwhile rejoins as that replica's replica (and syncs from it).
     */
    public synchronized void restart(int port) throws IOException, InterruptedException {
        int index = nodes.indexOf(node(port));
        if (index < 0) {
            throw new IllegalArgumentException("no node of this cluster on port " + port);
        }
        Path log = logDir == null ? null : logDir.resolve(label + "-" + index + ".log");
        nodes.set(index, LocalRedis.startOn(port, log, dir));
    }

    @Override
    public void close() throws InterruptedException {
        for (LocalRedis node : nodes) {
            node.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A temporary directory left behind is no reason to fail a run.
        }
    }
}
