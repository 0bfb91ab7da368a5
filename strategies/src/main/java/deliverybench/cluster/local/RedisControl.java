package deliverybench.cluster.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain blocking Redis client for the control plane ({@code PING}, {@code INFO}, {@code FLUSHALL}):
 * a connection per command, a few per run. Counts its own bytes, so that a reader of Redis's
 * traffic counters can leave them out.
 */
public final class RedisControl {

    private final URI redis;
    private long bytesSent;
    private long bytesReceived;

    public RedisControl(URI redis) {
        this.redis = redis;
    }

    /** Runs one command and returns its reply as text: a string, an integer, {@code ERR ...}, or an array's items a line each. */
    public synchronized String command(String... args) throws IOException {
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
            bytesSent += request.size();
            CountingInput in = new CountingInput(new BufferedInputStream(socket.getInputStream()));
            try {
                return reply(in);
            } finally {
                bytesReceived += in.count;
            }
        }
    }

    /** Bytes these commands sent to Redis. */
    public synchronized long bytesSent() {
        return bytesSent;
    }

    /** Bytes Redis answered these commands with. */
    public synchronized long bytesReceived() {
        return bytesReceived;
    }

    private static String reply(CountingInput in) throws IOException {
        String line = in.line();
        if (line.isEmpty()) {
            throw new IOException("an empty line where a Redis reply was expected");
        }
        String rest = line.substring(1);
        switch (line.charAt(0)) {
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
