package deliverybench.run.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code mosquitto}, started for one measurement on a free loopback port with a config of ours
 * (a listener on 127.0.0.1 only, anonymous clients, no persistence to disk, queues as deep as our push
 * bound), and stopped after it.
 */
public final class Mosquitto implements AutoCloseable {

    /** Where Debian puts it, and the names tried on the PATH. */
    private static final List<String> BINARIES = List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto");
    private static final long START_TIMEOUT_MS = 10_000;
    public static final String INSTALL_HINT = "mosquitto is not installed: sudo apt-get install mosquitto "
            + "(Debian/Ubuntu; the broker only, its service need not run), then run again";

    private final Process process;
    private final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The mosquitto binary, or null when it is not installed. */
    public static Path binary() {
        for (String candidate : BINARIES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "mosquitto");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Starts a broker whose config, log and nothing else go into {@code dir}.
     *
     * @param inflight QoS 1 messages out to one client at once: set to our push queue's bound, so both queue alike
     */
    public static Mosquitto start(Path dir, int inflight) throws IOException, InterruptedException {
        Path binary = binary();
        if (binary == null) {
            throw new IOException(INSTALL_HINT);
        }
        int port = freePort();
        Files.createDirectories(dir);
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, config(port, inflight));
        Process process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Mosquitto broker = new Mosquitto(process, port);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!broker.accepts()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                broker.close();
                throw new IOException("mosquitto did not listen on 127.0.0.1:" + port + " within "
                        + START_TIMEOUT_MS + " ms; its log: " + dir.resolve("mosquitto.log"));
            }
            Thread.sleep(20);
        }
        return broker;
    }

    /** The generated config: mosquitto 2.x syntax, every setting that differs from its default explained. */
    static String config(int port, int inflight) {
        return String.join("\n",
                "# Written by deliverybench run --broker mosquitto for one measurement.",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "# As many QoS 1 messages out to one client as our endpoint's push queue holds (its default is 20).",
                "max_inflight_messages " + inflight,
                "# Queued for a device that is reconnecting: enough that a burst is not dropped (its default is 1000).",
                "max_queued_messages 100000",
                "log_dest stdout",
                "log_type error",
                "log_type warning",
                "");
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
