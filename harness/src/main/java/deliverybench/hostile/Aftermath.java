package deliverybench.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a storm left behind in a spawned server: its log's errors, its heap after a GC, its open connections, and whether it still serves. */
public final class Aftermath {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern THROWABLE = Pattern.compile("\\b((?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error))\\b");

    private final URI http;
    private final InetSocketAddress tcp;
    private final long pid;

    public Aftermath(URI http, InetSocketAddress tcp, long pid) {
        this.http = http;
        this.tcp = tcp;
        this.pid = pid;
    }

    /** Throwables named in the log, by class, e.g. {@code java.io.IOException: 3}. */
    public static Map<String, Long> throwablesInLog(Path log) throws IOException {
        Map<String, Long> kinds = new TreeMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher matcher = THROWABLE.matcher(line);
            while (matcher.find()) {
                kinds.merge(matcher.group(1), 1L, Long::sum);
            }
        }
        return kinds;
    }

    /** The kinds that are a {@code java.lang.Error} (OutOfMemoryError, StackOverflowError, ...): none may appear. */
    public static List<String> errors(Map<String, Long> throwables) {
        return throwables.keySet().stream().filter(name -> name.endsWith("Error")).toList();
    }

    /** The server's used heap after two full GCs ({@code jcmd GC.run}), read from its {@code /stats}. */
    public long heapAfterGcBytes() throws IOException, InterruptedException {
        for (int i = 0; i < 2; i++) {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                throw new IOException("jcmd GC.run did not finish");
            }
            Thread.sleep(300);
        }
        return stats().path("heap_used_bytes").asLong();
    }

    public JsonNode stats() throws IOException {
        String answer = get("/stats");
        return JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    public int health() throws IOException {
        return Integer.parseInt(get("/health").substring(9, 12));
    }

    /** Open connections as /stats counts them, over every strategy. */
    public long statsOpenConnections() throws IOException {
        long open = 0;
        for (JsonNode section : stats()) {
            open += section.path("open_connections").asLong(0);
        }
        return open;
    }

    /**
     * The server's end of TCP connections on its ports, from /proc/net/tcp: established, or closed by the
     * client and not yet by the server (a leak would stay in CLOSE_WAIT). Linux only; -1 elsewhere.
     */
    public static int serverSockets(Collection<Integer> ports) throws IOException {
        return serverSocketStates(ports).size();
    }

    /** The server's sockets on its ports as {@code port->peer state} (01 established, 08 close-wait); empty off Linux. */
    public static List<String> serverSocketStates(Collection<Integer> ports) throws IOException {
        List<String> sockets = new java.util.ArrayList<>();
        for (String table : new String[]{"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                int localPort = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16);
                int peerPort = Integer.parseInt(fields[2].substring(fields[2].indexOf(':') + 1), 16);
                String state = fields[3];
                if (ports.contains(localPort) && (state.equals("01") || state.equals("08"))) {
                    sockets.add(localPort + "->" + peerPort + " " + (state.equals("01") ? "established" : "close-wait"));
                }
            }
        }
        return sockets;
    }

    /** Waits up to {@code timeout} for the server to hold no connection on its ports; returns how many it still holds. */
    public int awaitNoConnections(Collection<Integer> ports, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int open;
        while ((open = serverSockets(ports)) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return open;
    }

    /** Opens a TCP push as a fresh user, sends it a message over HTTP, and waits for the MSG: true when it came. */
    public boolean delivers(String senderToken, String receiver, String receiverToken) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(tcp, 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(BadInput.array(Frames.hello(0, receiverToken)));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (frame(in)[0] != FrameType.WELCOME) {
                return false;
            }
            String body = "after the storm " + System.nanoTime();
            if (post(senderToken, JSON.writeValueAsBytes(Map.of("to", receiver, "body", body))) != 202) {
                return false;
            }
            byte[] msg = frame(in);
            return msg[0] == FrameType.MSG && new String(msg, StandardCharsets.UTF_8).endsWith(body);
        }
    }

    private int post(String token, byte[] json) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(http.getHost(), http.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /messages HTTP/1.1\r\nHost: " + http.getHost() + "\r\nAuthorization: Bearer "
                    + token + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(json);
            return Integer.parseInt(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).substring(9, 12));
        }
    }

    private static byte[] frame(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 1 || length > 1 << 20) {
            throw new IOException("a frame of " + length + " bytes");
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    /** A GET on a connection of its own that is closed after it, so that none of ours is left to count. */
    private String get(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(http.getHost(), http.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + http.getHost()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
