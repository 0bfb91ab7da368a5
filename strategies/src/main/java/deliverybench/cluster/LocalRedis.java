package deliverybench.cluster;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of our own on a free loopback port, without persistence (what it holds goes
 * with it, so a restart is a data loss and a new epoch), for {@code run} and the tests. Also a plain
 * blocking client for the control plane ({@code INFO}, {@code FLUSHALL}) that counts its own bytes.
 */
public final class LocalRedis implements AutoCloseable {

    /** What to tell a user whose machine lacks Redis. */
    public static final String INSTALL_HINT = "redis-server is not installed; on Debian or Ubuntu: "
            + "apt-get install -y redis-server (Redis 7)";
    private static final long START_TIMEOUT_MS = 10_000;

    private final Process process;
    private final int port;
    private long controlBytesIn;
    private long controlBytesOut;

    private LocalRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts redis-server on a free loopback port, its output to {@code log} (null: discarded), and waits until it answers. */
    public static LocalRedis start(Path log) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            List<String> command = List.of(executable(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--daemonize", "no");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(log.toFile()));
            LocalRedis redis = new LocalRedis(builder.start(), port);
            try {
                redis.awaitReady();
                return redis;
            } catch (IOException e) {
                // Another process took the port between our probe and redis-server's bind: try another.
                last = e;
                redis.close();
            }
        }
        throw last;
    }

    private static String executable() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException(INSTALL_HINT);
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
                if ("PONG".equals(command("PING"))) {
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

    /** Runs one command and returns its reply as text (a bulk or simple string, an integer, or the error). */
    public synchronized String command(String... args) throws IOException {
        return command(URI.create("redis://127.0.0.1:" + port), args, this);
    }

    /** Runs one command against any Redis, as {@link #command(String...)} does. */
    public static String command(URI redis, String... args) throws IOException {
        return command(redis, args, null);
    }

    private static String command(URI redis, String[] args, LocalRedis counter) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(redis.getHost(), redis.getPort()), 2_000);
            socket.setSoTimeout(5_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                request.writeBytes(bytes);
                request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            CountingInput in = new CountingInput(new BufferedInputStream(socket.getInputStream()));
            String reply = reply(in);
            if (counter != null) {
                counter.controlBytesOut += request.size();
                counter.controlBytesIn += in.count;
            }
            return reply;
        }
    }

    private static String reply(CountingInput in) throws IOException {
        String line = in.line();
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+', ':' -> {
                return rest;
            }
            case '-' -> {
                return "ERR " + rest;
            }
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.exactly(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(rest);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(reply(in));
                }
                return String.join("\n", items);
            }
            default -> throw new IOException("not a Redis reply: " + line);
        }
    }

    /** Bytes this object's own commands sent to Redis (to leave out of what the gateways cost it). */
    public synchronized long controlBytesOut() {
        return controlBytesOut;
    }

    /** Bytes this object's own commands read from Redis. */
    public synchronized long controlBytesIn() {
        return controlBytesIn;
    }

    /** Stops it (SIGKILL: nothing is saved anyway) and waits for it to go. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static final class CountingInput {
        private final InputStream in;
        long count;

        CountingInput(InputStream in) {
            this.in = in;
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                count++;
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, Math.max(0, bytes.length - 1), StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            throw new IOException("Redis closed the connection mid-reply");
        }

        byte[] exactly(int length) throws IOException {
            byte[] bytes = in.readNBytes(length);
            count += bytes.length;
            if (bytes.length < length) {
                throw new IOException("Redis closed the connection mid-reply");
            }
            return bytes;
        }
    }
}
