package deliverybench.driver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A delivery server in its own JVM (its GC and CPU stay its own), on free loopback ports, stopped with the run. */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern BOUND = Pattern.compile("http on ([^:\\s]+):(\\d+).*tcp on ([^:\\s]+):(\\d+)");

    private volatile Process process;
    private final ServerTarget target;
    private final Thread shutdownHook;
    private final String secret;
    private final List<String> extraArgs;
    private final List<String> jvmArgs;
    private final Path log;

    private ServerProcess(Launched launched, String secret, List<String> extraArgs, List<String> jvmArgs, Path log) {
        this.process = launched.process();
        this.target = launched.target();
        this.secret = secret;
        this.extraArgs = extraArgs;
        this.jvmArgs = jvmArgs;
        this.log = log;
        this.shutdownHook = new Thread(() -> process.destroyForcibly(), "deliverybench-server-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private record Launched(Process process, ServerTarget target) {
    }

    /** Starts {@code serve} from this same jar on free ports and waits until it has printed them. */
    public static ServerProcess start(String secret, List<String> extraArgs, List<String> jvmArgs, Path log)
            throws IOException, InterruptedException {
        return new ServerProcess(launch(secret, extraArgs, jvmArgs, log, 0, 0), secret, extraArgs, jvmArgs, log);
    }

    /**
     * Stops the server and starts a fresh one on the same ports: what a deploy or a crash does to an
     * in-memory server. Its inboxes are empty; clients find it again at the same address.
     * {@code whileDown} runs once the old server is gone and before the new one starts.
     */
    public void restart(Runnable whileDown) throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        whileDown.run();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                process = launch(secret, extraArgs, jvmArgs, log, target.http().getPort(), target.tcpPort()).process();
                return;
            } catch (IOException e) {
                // The ports may take a moment to be free again.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static Launched launch(String secret, List<String> extraArgs, List<String> jvmArgs, Path log,
                                   int httpPort, int tcpPort) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("deliverybench.cli.Main");
        command.addAll(List.of("serve", "--http-port", Integer.toString(httpPort), "--tcp-port", Integer.toString(tcpPort)));
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DELIVERYBENCH_SECRET", secret);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher bound = BOUND.matcher(line);
            if (bound.find()) {
                drain(out, log);
                URI http = URI.create("http://" + bound.group(1) + ":" + bound.group(2));
                return new Launched(process, new ServerTarget(http, Integer.parseInt(bound.group(4)), secret));
            }
        }
        process.destroyForcibly();
        throw new IOException("the server did not start; it printed:\n" + seen);
    }

    /** Keeps reading the server's output so that it never blocks on a full pipe. */
    private static void drain(BufferedReader out, Path log) {
        Thread drainer = new Thread(() -> {
            try (var writer = log == null ? null : java.nio.file.Files.newBufferedWriter(log,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (writer != null) {
                        writer.write(line);
                        writer.newLine();
                        writer.flush();
                    }
                }
            } catch (IOException e) {
                // The server went away; its exit is noticed elsewhere.
            }
        }, "deliverybench-server-output");
        drainer.setDaemon(true);
        drainer.start();
    }

    public ServerTarget target() {
        return target;
    }

    public long pid() {
        return process.pid();
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
