package deliverybench.cli;

import deliverybench.options.DurationConverter;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.auth.TokenMinter;
import deliverybench.cluster.ClusterConfig;
import deliverybench.cluster.RedisMessageStore;
import deliverybench.cluster.Routing;
import deliverybench.core.ServerConfig;
import deliverybench.core.WakeMode;
import deliverybench.core.limits.ConnectionLimits;
import deliverybench.core.limits.PushLimits;
import deliverybench.server.DeliveryServer;
import deliverybench.store.InMemoryMessageStore;
import deliverybench.store.MessageStore;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code deliverybench serve}: runs the delivery server until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves every strategy over one message store until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    static final String SECRET_ENV = deliverybench.options.TargetOptions.SECRET_ENV;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "HTTP, long poll and WebSocket port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--tcp-port", defaultValue = "9090",
            description = "Raw TCP push port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--mqtt-port", defaultValue = "1883",
            description = "MQTT 3.1.1 and 5 port (contract v4); 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--xmpp-port", defaultValue = "5222",
            description = "XMPP port (contract v4); 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int xmppPort;

    @Option(names = "--secret", description = "HS256 secret for tokens. Default: $" + SECRET_ENV
            + ", else a random one written to a file whose path is printed.")
    String secret;

    @Option(names = "--retention", defaultValue = "" + MessageStore.DEFAULT_RETENTION,
            description = "Newest messages kept per inbox (default: ${DEFAULT-VALUE}).")
    int retention;

    @Option(names = "--long-poll-wake", defaultValue = "notify",
            description = "How a held long poll learns of a message: notify (woken by the store) or scan "
                    + "(re-reads the store every --scan-interval-ms, the naive loop). Default: ${DEFAULT-VALUE}.")
    WakeMode wakeMode;

    @Option(names = "--scan-interval-ms", defaultValue = "100",
            description = "Re-read interval of --long-poll-wake scan (default: ${DEFAULT-VALUE}).")
    long scanIntervalMs;

    @Option(names = "--push-queue-messages", defaultValue = "1000",
            description = "Bound on each push connection's outbound queue, in messages (default: ${DEFAULT-VALUE}).")
    int pushQueueMessages;

    @Option(names = "--push-queue-bytes", defaultValue = "1048576",
            description = "Bound on each push connection's outbound queue, in bytes (default: ${DEFAULT-VALUE}).")
    long pushQueueBytes;

    @Option(names = "--max-devices", defaultValue = "16",
            description = "Open push connections (WebSocket and TCP) allowed per user (default: ${DEFAULT-VALUE}).")
    int maxDevices;

    @Option(names = "--io-threads", description = "XNIO I/O threads shared by every strategy (default: the cores, at least 2).")
    Integer ioThreads;

    @Option(names = "--stream-max-age", defaultValue = "300s", converter = DurationConverter.class,
            description = "How long an HTTP stream (GET /stream) lasts before the server ends it with an end line and "
                    + "the client asks again (RFC 6202 3.2); default: ${DEFAULT-VALUE}.")
    java.time.Duration streamMaxAge;

    @Option(names = "--keep-alive", defaultValue = "15s", converter = DurationConverter.class,
            description = "How long an SSE or HTTP stream may stay silent before the server writes a keep-alive line "
                    + "(the contract's 15 s); default: ${DEFAULT-VALUE}.")
    java.time.Duration keepAlive;

    @Option(names = "--profile-dir", description = "Serve POST /profile?action=start|stop&name=<file>.html: "
            + "async-profiler samples this server's CPU and writes a flame graph into this folder (run --profile uses it).")
    Path profileDir;

    @Option(names = "--max-handshakes-per-address",
            description = "Connections one source address may hold before they finish their handshake (TCP before its "
                    + "HELLO is accepted, HTTP before its first request head); one more is refused with HTTP 429 or TCP "
                    + "ERROR 429 (default: a quarter of the heap at 48 KiB each, from 64 to 65536: 10922 at -Xmx2g).")
    Integer maxHandshakesPerAddress;

    @Option(names = "--hello-timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time a TCP connection has to send a valid HELLO, else ERROR 400 and close (default: ${DEFAULT-VALUE}).")
    java.time.Duration helloTimeout;

    @Option(names = "--request-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time to send a whole HTTP request: the first head from the connection's open, a later head from "
                    + "its first byte, a body from its head; past it the connection is closed (a body gets 408 first). "
                    + "Default: ${DEFAULT-VALUE}.")
    java.time.Duration requestTimeout;

    @Option(names = "--idle-timeout", defaultValue = "120s", converter = DurationConverter.class,
            description = "Time a kept-alive HTTP connection may wait for its next request (default: ${DEFAULT-VALUE}).")
    java.time.Duration idleTimeout;

    @Option(names = "--body-buffer-bytes", description = "Request bodies held in memory at once over every connection; "
            + "a body that would pass it is refused with 503 (default: an eighth of the heap, at most 64 MiB).")
    Long bodyBufferBytes;

    @Option(names = "--cluster", description = "Join a cluster of gateways over Redis, redis://HOST:PORT, or over a "
            + "Redis Cluster, redis-cluster://HOST:PORT[,HOST:PORT...] (seed nodes): the inboxes live in Redis and a "
            + "message sent to any gateway reaches its user's devices on every gateway.")
    URI cluster;

    @Option(names = "--gateway-id", description = "This gateway's name in the cluster, [A-Za-z0-9_-]{1,64} "
            + "(default: gw-<pid>).")
    String gatewayId;

    @Option(names = "--routing", defaultValue = "map", description = "How a send finds the gateways holding its user: "
            + "map (a uid -> gateway map in Redis, kept by heartbeats), broadcast (every gateway reads every message) or "
            + "channel (a sharded pub/sub channel per user). Default: ${DEFAULT-VALUE}.")
    String routing;

    @Option(names = "--redis-timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long a Redis command may take before the request it serves fails with 503 "
                    + "(default: ${DEFAULT-VALUE}).")
    java.time.Duration redisTimeout;

    @Option(names = "--redis-wait", defaultValue = "0", description = "With --cluster: answer a send only once this "
            + "many replicas have its writes (Redis WAIT, on the connection that ran the send's script, for at most half "
            + "--redis-timeout; fewer: 503), so a failover loses no acknowledged send. Default: ${DEFAULT-VALUE}, "
            + "answer at once.")
    int redisWait;

    @Option(names = "--broadcast", defaultValue = "partitioned", description = "With --cluster redis-cluster://... "
            + "and --routing broadcast: partitioned (16 sharded channels, each on its slot's node) or classic (one PUBLISH "
            + "channel, copied by the cluster bus to every node). On one Redis broadcast is one classic channel. "
            + "Default: ${DEFAULT-VALUE}.")
    String broadcast;

    @Option(names = "--ports-file", description = "Once bound, write the ports here as JSON, {\"host\": h, \"ports\": "
            + "{\"http\": n, \"tcp\": m, \"mqtt\": q}, \"epoch\": e, \"pid\": p}, for a program that started this server; "
            + "with --tls also \"tls\": {\"certificate_pem\": ..., \"certificate_file\": ..., \"certificate_sha256\": ...}.")
    Path portsFile;

    @picocli.CommandLine.Mixin
    ServeTlsOptions tlsOptions = new ServeTlsOptions();

    @Option(names = "--exit-with", paramLabel = "PID", description = "Stop when process PID ends: a server spawned by "
            + "run passes the driver's, so that a driver killed outright never leaves its servers behind.")
    Long exitWith;

    @Override
    public Integer call() throws Exception {
        String secretSource;
        if (secret != null) {
            secretSource = "given with --secret";
        } else if (System.getenv(SECRET_ENV) != null && !System.getenv(SECRET_ENV).isEmpty()) {
            secret = System.getenv(SECRET_ENV);
            secretSource = "from $" + SECRET_ENV;
        } else {
            secret = TokenMinter.randomSecret();
            secretSource = "random, written to " + writeSecret(secret);
        }
        ServerConfig config;
        try {
            config = new ServerConfig(host, httpPort, tcpPort, secret, retention, wakeMode, scanIntervalMs,
                    new PushLimits(pushQueueMessages, pushQueueBytes),
                    ioThreads == null ? ServerConfig.defaultIoThreads() : ioThreads, maxDevices, keepAlive.toMillis(),
                    streamMaxAge.toMillis(), new ConnectionLimits(
                    maxHandshakesPerAddress == null ? ConnectionLimits.defaultHandshakesPerAddress() : maxHandshakesPerAddress,
                    helloTimeout.toMillis(),
                    requestTimeout.toMillis(), idleTimeout.toMillis(),
                    bodyBufferBytes == null ? ConnectionLimits.defaultBodyBufferBytes() : bodyBufferBytes), profileDir,
                    mqttPort, xmppPort);
        } catch (IllegalArgumentException e) {
            System.err.println("deliverybench serve: " + e.getMessage());
            return 2;
        }
        MessageStore store;
        ClusterConfig clusterConfig = null;
        try {
            if (cluster != null) {
                gatewayId = gatewayId == null ? "gw-" + ProcessHandle.current().pid() : gatewayId;
                if (!"partitioned".equals(broadcast) && !"classic".equals(broadcast)) {
                    throw new IllegalArgumentException("--broadcast must be partitioned or classic, was " + broadcast);
                }
                clusterConfig = new ClusterConfig(cluster, gatewayId, Routing.parse(routing), redisTimeout,
                        ClusterConfig.DEFAULT_NAMESPACE, redisWait, "classic".equals(broadcast));
            } else if (redisWait != 0) {
                throw new IllegalArgumentException("--redis-wait needs --cluster redis://HOST:PORT");
            } else if (!"partitioned".equals(broadcast)) {
                throw new IllegalArgumentException("--broadcast needs --cluster redis-cluster://HOST:PORT,...");
            } else if (gatewayId != null) {
                throw new IllegalArgumentException("--gateway-id needs --cluster redis://HOST:PORT");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("deliverybench serve: " + e.getMessage());
            return 2;
        }
        try {
            store = clusterConfig == null ? new InMemoryMessageStore(retention)
                    : RedisMessageStore.connect(clusterConfig, retention);
        } catch (RuntimeException e) {
            System.err.printf("deliverybench serve: cannot reach Redis at %s: %s; is redis-server running there? "
                    + "(Debian: apt-get install redis-server)%n", cluster, rootMessage(e));
            return 1;
        }
        deliverybench.tls.ServerTls tls;
        try {
            tls = tlsOptions.serverTls(host);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("deliverybench serve: " + e.getMessage());
            closeStore(store);
            return 2;
        }
        DeliveryServer server;
        try {
            server = DeliveryServer.start(config, Strategies.all(), store, tls, tlsOptions.http2);
        } catch (BindException e) {
            System.err.printf("deliverybench serve: cannot bind %s (http %d, tcp %d, mqtt %d): %s; "
                    + "is another server running? --http-port 0 --tcp-port 0 --mqtt-port 0 picks free ports%n",
                    host, httpPort, tcpPort, mqttPort, e.getMessage());
            closeStore(store);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            closeStore(store);
            System.out.println("deliverybench serve: stopped");
            stopped.countDown();
        }, "deliverybench-shutdown"));
        if (exitWith != null) {
            java.util.Optional<ProcessHandle> owner = ProcessHandle.of(exitWith);
            if (owner.isEmpty()) {
                System.err.println("deliverybench serve: --exit-with " + exitWith + ": no such process; stopping");
                return 1;
            }
            owner.get().onExit().thenRun(() -> {
                System.out.println("deliverybench serve: process " + exitWith + " ended; stopping");
                System.exit(0);
            });
        }
        Path certificateFile = tls == null ? null : tlsOptions.certificateFile(tls);
        writePorts(server, certificateFile);
        StringBuilder ports = new StringBuilder();
        server.ports().forEach((name, port) -> ports.append(ports.length() == 0 ? "" : ", ").append(name).append(" on ")
                .append(host).append(':').append(port));
        System.out.printf("deliverybench serve: %s%n", ports);
        for (Strategy strategy : Strategies.all()) {
            if (!strategy.variant()) {
                System.out.printf("  %-12s %s%n", strategy.name(), strategy.summary());
            }
        }
        System.out.printf("  secret: %s%n  long-poll wake: %s%s, retention %d per inbox, push queue %d messages / %d bytes%n",
                secretSource, wakeMode.name().toLowerCase(),
                wakeMode == WakeMode.SCAN ? " every " + scanIntervalMs + " ms" : "", retention,
                pushQueueMessages, pushQueueBytes);
        ConnectionLimits limits = config.connectionLimits();
        System.out.printf("  limits: %d unfinished handshakes per address, HELLO within %d ms, a request within %d ms, "
                + "idle %d ms, %d bytes of request bodies at once%n", limits.handshakesPerAddress(), limits.helloTimeoutMs(),
                limits.requestTimeoutMs(), limits.idleTimeoutMs(), limits.bodyBufferBytes());
        if (clusterConfig == null) {
            System.out.printf("  epoch %d: the inboxes live in memory and go with the process; a client that resumes "
                    + "with another epoch is told (410)%n", server.store().epoch());
        } else {
            System.out.printf("  gateway %s of the cluster at %s, routing %s; epoch %d: the inboxes live in Redis and "
                    + "outlive this gateway%n", clusterConfig.gatewayId(), clusterConfig.redis(),
                    clusterConfig.routing().key(), server.store().epoch());
        }
        if (tls != null) {
            System.out.printf("  tls: every port; certificate %s, SHA-256 %s%n  trust it: curl --cacert %s https://%s:%d/health%n",
                    certificateFile, tls.certificate().fingerprintSha256(), certificateFile, host, server.httpPort());
        }
        if (server.http2()) {
            System.out.printf("  http2: the HTTP port also speaks %s; try: curl %s%n", tls == null
                    ? "h2c (prior knowledge)" : "h2 (by ALPN)", tls == null ? "--http2-prior-knowledge http://" + host + ":"
                    + server.httpPort() + "/health" : "--http2 --cacert " + certificateFile + " https://" + host + ":"
                    + server.httpPort() + "/health");
        }
        System.out.println("  Ctrl-C stops it.");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static void closeStore(MessageStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Stopping anyway.
            }
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** The ports file, written whole under another name and moved into place, so a reader never sees half of it. */
    private void writePorts(DeliveryServer server, Path certificateFile) throws IOException {
        if (portsFile == null) {
            return;
        }
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("host", host);
        doc.put("ports", server.ports());
        doc.put("epoch", server.store().epoch());
        doc.put("pid", ProcessHandle.current().pid());
        if (gatewayId != null) {
            doc.put("gateway_id", gatewayId);
        }
        if (server.tls() != null) {
            // Every port speaks TLS; a client trusts this certificate and nothing else.
            doc.put("tls", java.util.Map.of("certificate_file", certificateFile.toString(),
                    "certificate_pem", server.tls().certificate().certificatePem(),
                    "certificate_sha256", server.tls().certificate().fingerprintSha256()));
        }
        Path partial = portsFile.resolveSibling(portsFile.getFileName() + ".partial");
        new ObjectMapper().writeValue(partial.toFile(), doc);
        Files.move(partial, portsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path writeSecret(String secret) throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "deliverybench-" + ProcessHandle.current().pid() + ".secret");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret);
        file.toFile().deleteOnExit();
        return file;
    }
}
