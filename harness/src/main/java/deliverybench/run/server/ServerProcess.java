package deliverybench.run.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A delivery server in its own JVM (its GC and CPU stay its own), on free loopback ports, stopped with
 * the run. It tells its ports in a file ({@code serve --ports-file}), not in a banner for people.
 */
public final class ServerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A JVM with a Redis Cluster client to connect, started beside two others on a busy 2-core box, took over 30 s. */
    private static final long START_TIMEOUT_S = 60;
    private static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
    private static final long STOP_TIMEOUT_S = 10;
    private static final long REBIND_PATIENCE_S = 30;
    /**
     * The longest a {@link #restart} may keep the server away: SIGTERM and SIGKILL each waited for,
     * then launches retried while the ports are not yet free, the last one waiting its whole start timeout.
     */
    public static final long LONGEST_RESTART_NS = TimeUnit.SECONDS.toNanos(2 * STOP_TIMEOUT_S + REBIND_PATIENCE_S)
            + START_TIMEOUT_NS;

    private volatile Process process;
    private final ServerTarget target;
    private final Thread shutdownHook;
    private final String secret;
    private final List<String> extraArgs;
    private final List<String> jvmArgs;
    private final List<String> prefix;
    private final Path log;

    private ServerProcess(Launched launched, String secret, List<String> extraArgs, List<String> jvmArgs, List<String> prefix,
                          Path log) {
        this.process = launched.process();
        this.target = launched.target();
        this.secret = secret;
        this.extraArgs = extraArgs;
        this.jvmArgs = jvmArgs;
        this.prefix = prefix;
        this.log = log;
        this.shutdownHook = new Thread(() -> process.destroyForcibly(), "deliverybench-server-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private record Launched(Process process, ServerTarget target) {
    }

    /** Starts {@code serve} from this same jar on free ports and waits until it has written them. */
    public static ServerProcess start(String secret, List<String> extraArgs, List<String> jvmArgs, Path log)
            throws IOException, InterruptedException {
        return start(secret, extraArgs, jvmArgs, List.of(), log);
    }

    /** @param prefix what goes before the command, e.g. {@code taskset -c 0} */
    public static ServerProcess start(String secret, List<String> extraArgs, List<String> jvmArgs, List<String> prefix,
                                      Path log) throws IOException, InterruptedException {
        return new ServerProcess(launch(secret, extraArgs, jvmArgs, prefix, log, Map.of()), secret, extraArgs, jvmArgs,
                prefix, log);
    }

    /**
     * Stops the server and starts a fresh one on the same ports: what a deploy or a crash does to an
     * in-memory server. Its inboxes are empty; clients find it again at the same address.
     * {@code whileDown} runs once the old server is gone and before the new one starts.
     */
    public void restart(Runnable whileDown) throws IOException, InterruptedException {
        // A deploy's SIGTERM first; a server too loaded to finish its shutdown in time is killed, so
        // that it never holds the ports the new one needs (or outlives the run).
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IOException("the old server (pid " + process.pid() + ") did not exit within "
                        + 2 * STOP_TIMEOUT_S + " s of SIGTERM and SIGKILL");
            }
        }
        whileDown.run();
        Map<String, Integer> ports = new LinkedHashMap<>(target.ports());
        ports.put("http", target.http().getPort());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REBIND_PATIENCE_S);
        while (true) {
            try {
                process = launch(secret, extraArgs, jvmArgs, prefix, log, ports).process();
                return;
            } catch (IOException e) {
                // The ports may take a moment to be free again (a loaded machine takes its time).
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** @param ports the ports to bind by name ({@code http}, {@code tcp}); absent ones are picked free */
    private static Launched launch(String secret, List<String> extraArgs, List<String> jvmArgs, List<String> prefix,
                                   Path log, Map<String, Integer> ports) throws IOException, InterruptedException {
        Path portsFile = Files.createTempFile("deliverybench-ports", ".json");
        Files.delete(portsFile);
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("deliverybench.cli.Main");
        command.addAll(List.of("serve", "--ports-file", portsFile.toString(),
                "--http-port", Integer.toString(ports.getOrDefault("http", 0)),
                "--tcp-port", Integer.toString(ports.getOrDefault("tcp", 0)),
                "--mqtt-port", Integer.toString(ports.getOrDefault("mqtt", 0)),
                "--xmpp-port", Integer.toString(ports.getOrDefault("xmpp", 0)),
                "--exit-with", Long.toString(ProcessHandle.current().pid())));
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DELIVERYBENCH_SECRET", secret);
        Process process = builder.start();
        copyOutput(process.getInputStream(), log);
        long deadline = System.nanoTime() + START_TIMEOUT_NS;
        boolean launched = false;
        try {
            while (System.nanoTime() - deadline < 0) {
                if (Files.exists(portsFile)) {
                    Launched started = new Launched(process, target(JSON.readTree(portsFile.toFile()), secret));
                    launched = true;
                    return started;
                }
                if (!process.isAlive()) {
                    throw new IOException("the server exited with status " + process.exitValue() + " before binding; "
                            + "its output:\n" + tail(log));
                }
                Thread.sleep(20);
            }
            throw new IOException("the server did not write its ports within " + START_TIMEOUT_S + " s; its output:\n"
                    + tail(log));
        } finally {
            // Interrupted (chaos stopped mid-restart) or failed: no server is left running unowned.
            if (!launched) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(portsFile);
        }
    }

    /** The ports file: {@code {"host": h, "ports": {"http": n, "tcp": m, ...}, ...}}. */
    static ServerTarget target(JsonNode portsFile, String secret) {
        String host = portsFile.path("host").asText("127.0.0.1");
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = portsFile.path("ports").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> port = it.next();
            ports.put(port.getKey(), port.getValue().asInt());
        }
        Integer http = ports.remove("http");
        if (http == null) {
            throw new IllegalArgumentException("the ports file names no http port: " + portsFile);
        }
        String pem = portsFile.path("tls").path("certificate_pem").asText(null);
        if (pem == null) {
            return new ServerTarget(URI.create("http://" + host + ":" + http), ports, secret);
        }
        try {
            // Every port speaks TLS: the clients trust the certificate the server names, and nothing else.
            return new ServerTarget(URI.create("https://" + host + ":" + http), ports, secret,
                    deliverybench.tls.ClientTls.trusting(pem, true));
        } catch (IOException e) {
            throw new IllegalArgumentException("the ports file's TLS certificate is unreadable: " + e.getMessage(), e);
        }
    }

    /** Keeps reading the server's output into its log so that it never blocks on a full pipe. */
    private static void copyOutput(InputStream out, Path log) {
        Thread copier = new Thread(() -> {
            try (out; OutputStream file = log == null ? OutputStream.nullOutputStream()
                    : Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                byte[] buffer = new byte[8_192];
                int n;
                while ((n = out.read(buffer)) >= 0) {
                    file.write(buffer, 0, n);
                    file.flush();
                }
            } catch (IOException e) {
                // The server went away; its exit is noticed elsewhere.
            }
        }, "deliverybench-server-output");
        copier.setDaemon(true);
        copier.start();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = log == null ? List.of() : Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public ServerTarget target() {
        return target;
    }

    public long pid() {
        return process.pid();
    }

    /** Where the server's output goes (null when discarded). */
    public Path log() {
        return log;
    }

    /** Kills the server at once (SIGKILL), as a crash would: no shutdown hook, no goodbye to its clients. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway.
        }
    }
}
