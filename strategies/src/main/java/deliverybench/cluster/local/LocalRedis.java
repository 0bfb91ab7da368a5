package deliverybench.cluster.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of our own on a free loopback port, without persistence (what it holds goes
 * with it, so a restart is a data loss and a new epoch), for {@code run} and the tests.
 */
public final class LocalRedis implements AutoCloseable {

    /** What to tell a user whose machine lacks Redis. */
    public static final String INSTALL_HINT = "redis-server is not installed; on Debian or Ubuntu: "
            + "apt-get install -y redis-server (Redis 7)";
    private static final long START_TIMEOUT_MS = 10_000;

    private final Process process;
    private final int port;
    private final RedisControl control;
    private final Thread stopper;

    private LocalRedis(Process process, int port) {
        this.process = process;
        this.port = port;
        this.control = new RedisControl(uri());
        // A JVM that exits without closing this (a test run cut short) takes its Redis with it.
        this.stopper = new Thread(process::destroyForcibly, "deliverybench-redis-stopper");
        Runtime.getRuntime().addShutdownHook(stopper);
    }

    /** Starts redis-server on a free loopback port, its output to {@code log} (null: discarded), and waits until it answers. */
    public static LocalRedis start(Path log) throws IOException, InterruptedException {
        return start(log, null);
    }

    /**
     * Starts redis-server like {@link #start(Path)}; with {@code clusterDir}, as a node of a Redis Cluster
     * (not yet joined) whose node table lives in that directory, on a port whose cluster bus port
     * (port + 10000) is free too.
     */
    public static LocalRedis start(Path log, Path clusterDir) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return startOn(clusterDir == null ? freePort() : freeClusterPort(), log, clusterDir);
            } catch (IOException e) {
                // Another process took the port between our probe and redis-server's bind: try another.
                last = e;
            }
        }
        throw last;
    }

    /**
     * Starts redis-server on {@code port}, as {@link #start(Path, Path)} does; a cluster node started again on its
     * old port with its old node table ({@code clusterDir}) rejoins its cluster as the node it was.
     */
    public static LocalRedis startOn(int port, Path log, Path clusterDir) throws IOException, InterruptedException {
        {
            List<String> command = new ArrayList<>(List.of(executable("redis-server"), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes",
                    "--daemonize", "no"));
            if (clusterDir != null) {
                command.addAll(List.of("--cluster-enabled", "yes", "--dir", clusterDir.toString(),
                        "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout", "2000",
                        // A replica syncs at once, not 5 s later: one that never synced refuses to take over.
                        "--repl-diskless-sync-delay", "0"));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(log.toFile()));
            LocalRedis redis = new LocalRedis(builder.start(), port);
            try {
                redis.awaitReady();
                return redis;
            } catch (IOException e) {
                redis.close();
                throw e;
            }
        }
    }

    /** Fails with {@link #INSTALL_HINT} when no redis-server is on the PATH. */
    public static void requireInstalled() throws IOException {
        executable("redis-server");
    }

    /** The path of {@code redis-server} or {@code redis-cli} (Debian's redis-server package brings both). */
    static String executable(String name) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException(INSTALL_HINT.replace("redis-server is not installed", name + " is not installed"));
    }

    /** A free loopback port below 55536 whose cluster bus port (+10000) is free too. */
    private static int freeClusterPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(35_000);
            if (free(port) && free(port + 10_000)) {
                return port;
            }
        }
        throw new IOException("no free pair of loopback ports (port, port + 10000) for a Redis Cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        IOException last = null;
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with status " + process.exitValue() + " on port " + port);
            }
            try {
                if ("PONG".equals(control.command("PING"))) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(20);
        }
        throw new IOException("redis-server did not answer on port " + port + " within 10 s"
                + (last == null ? "" : ": " + last.getMessage()));
    }

    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** The control-plane client of this Redis (INFO, FLUSHALL), counting its own bytes. */
    public RedisControl control() {
        return control;
    }

    /** Stops it (SIGKILL: nothing is saved anyway) and waits for it to go. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway.
        }
    }
}
