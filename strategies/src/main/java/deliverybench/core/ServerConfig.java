package deliverybench.core;

import deliverybench.core.limits.ConnectionLimits;
import deliverybench.core.limits.PushLimits;
import deliverybench.store.MessageStore;

/**
 * How to start a {@link DeliveryServer}.
 *
 * @param host           the address to bind, loopback by default
 * @param httpPort       HTTP, long poll and WebSocket port; 0 for a free port
 * @param tcpPort        raw TCP push port; 0 for a free port
 * @param secret         the HS256 secret tokens are signed with
 * @param retention      newest messages each inbox keeps
 * @param wakeMode       how a held long poll learns of a new message
 * @param scanIntervalMs the re-read interval of {@link WakeMode#SCAN}
 * @param pushLimits     the bound on each push connection's outbound queue
 * @param ioThreads      XNIO I/O threads, shared by HTTP, WebSocket and TCP
 * @param maxDevices     open push connections allowed per user
 * @param keepAliveMs    how long a held stream (SSE, HTTP streaming) may stay silent before a keep-alive line
 * @param streamMaxAgeMs how long an HTTP stream lasts before the server ends it (RFC 6202 3.2)
 * @param connectionLimits what a client may hold before it has shown a token: handshakes per address, timeouts, bodies
 * @param profileDir     where {@code POST /profile} writes flame graphs; null: no profiling endpoint
 * @param mqttPort       MQTT port (contract v4); 0 for a free port
 * @param xmppPort       XMPP port (contract v4); 0 for a free port
 */
public record ServerConfig(String host, int httpPort, int tcpPort, String secret, int retention,
                           WakeMode wakeMode, long scanIntervalMs, PushLimits pushLimits,
                           int ioThreads, int maxDevices, long keepAliveMs, long streamMaxAgeMs,
                           ConnectionLimits connectionLimits, java.nio.file.Path profileDir,
                           int mqttPort, int xmppPort) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_TCP_PORT = 9090;
    /** MQTT's registered port (IANA 1883). */
    public static final int DEFAULT_MQTT_PORT = 1883;
    /** RFC 6120's client-to-server port. */
    public static final int DEFAULT_XMPP_PORT = 5222;
    public static final long DEFAULT_SCAN_INTERVAL_MS = 100;
    /** The default cap on one user's open push connections. */
    public static final int DEFAULT_MAX_DEVICES = 16;
    /** The contract's 15 s: a comment (SSE) or a ping line (streaming) after this long without a line. */
    public static final long DEFAULT_KEEP_ALIVE_MS = 15_000;
    /** {@code serve --stream-max-age}'s default: 300 s. */
    public static final long DEFAULT_STREAM_MAX_AGE_MS = 300_000;

    public ServerConfig {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a secret is required");
        }
        if (retention < 1) {
            throw new IllegalArgumentException("retention must be at least 1, was " + retention);
        }
        if (scanIntervalMs < 1) {
            throw new IllegalArgumentException("scan interval must be at least 1 ms, was " + scanIntervalMs);
        }
        if (maxDevices < 1) {
            throw new IllegalArgumentException("max devices must be at least 1, was " + maxDevices);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("io threads must be at least 1, was " + ioThreads);
        }
        if (keepAliveMs < 1) {
            throw new IllegalArgumentException("keep-alive must be at least 1 ms, was " + keepAliveMs);
        }
        if (streamMaxAgeMs < 1) {
            throw new IllegalArgumentException("stream max age must be at least 1 ms, was " + streamMaxAgeMs);
        }
        if (connectionLimits == null) {
            throw new IllegalArgumentException("connection limits are required");
        }
    }

    /** Loopback, free ports, notify wake-up and default limits: what tests use. */
    public static ServerConfig forTests(String secret) {
        return defaults("127.0.0.1", 0, 0, secret).withMqttPort(0);
    }

    /** Every default ({@code serve}'s without options) on the given address and ports. */
    public static ServerConfig defaults(String host, int httpPort, int tcpPort, String secret) {
        return new ServerConfig(host, httpPort, tcpPort, secret, MessageStore.DEFAULT_RETENTION,
                WakeMode.NOTIFY, DEFAULT_SCAN_INTERVAL_MS, PushLimits.DEFAULT, defaultIoThreads(),
                DEFAULT_MAX_DEVICES, DEFAULT_KEEP_ALIVE_MS, DEFAULT_STREAM_MAX_AGE_MS, ConnectionLimits.DEFAULT, null, DEFAULT_MQTT_PORT, 0);
    }

    public ServerConfig withPorts(int http, int tcp) {
        return new ServerConfig(host, http, tcp, secret, retention, wakeMode, scanIntervalMs, pushLimits, ioThreads,
                maxDevices, keepAliveMs, streamMaxAgeMs, connectionLimits, profileDir, mqttPort, xmppPort);
    }

    public ServerConfig withWakeMode(WakeMode mode, long intervalMs) {
        return new ServerConfig(host, httpPort, tcpPort, secret, retention, mode, intervalMs, pushLimits, ioThreads, maxDevices, keepAliveMs, streamMaxAgeMs, connectionLimits, profileDir, mqttPort, xmppPort);
    }

    public ServerConfig withRetention(int messages) {
        return new ServerConfig(host, httpPort, tcpPort, secret, messages, wakeMode, scanIntervalMs, pushLimits, ioThreads, maxDevices, keepAliveMs, streamMaxAgeMs, connectionLimits, profileDir, mqttPort, xmppPort);
    }

    public ServerConfig withPushLimits(PushLimits limits) {
        return new ServerConfig(host, httpPort, tcpPort, secret, retention, wakeMode, scanIntervalMs, limits, ioThreads, maxDevices, keepAliveMs, streamMaxAgeMs, connectionLimits, profileDir, mqttPort, xmppPort);
    }

    public ServerConfig withMaxDevices(int devices) {
        return new ServerConfig(host, httpPort, tcpPort, secret, retention, wakeMode, scanIntervalMs, pushLimits, ioThreads, devices, keepAliveMs, streamMaxAgeMs, connectionLimits, profileDir, mqttPort, xmppPort);
    }

    public ServerConfig withKeepAlive(long ms) {
        return new ServerConfig(host, httpPort, tcpPort, secret, retention, wakeMode, scanIntervalMs, pushLimits, ioThreads,
                maxDevices, ms, streamMaxAgeMs, connectionLimits, profileDir, mqttPort, xmppPort);
    }

    public ServerConfig withStreamMaxAge(long ms) {
        return new ServerConfig(host, httpPort, tcpPort, secret, retention, wakeMode, scanIntervalMs, pushLimits, ioThreads,
                maxDevices, keepAliveMs, ms, connectionLimits, profileDir, mqttPort, xmppPort);
    }

    public ServerConfig withConnectionLimits(ConnectionLimits limits) {
        return new ServerConfig(host, httpPort, tcpPort, secret, retention, wakeMode, scanIntervalMs, pushLimits, ioThreads,
                maxDevices, keepAliveMs, streamMaxAgeMs, limits, profileDir, mqttPort, xmppPort);
    }

    public ServerConfig withProfileDir(java.nio.file.Path directory) {
        return new ServerConfig(host, httpPort, tcpPort, secret, retention, wakeMode, scanIntervalMs, pushLimits, ioThreads,
                maxDevices, keepAliveMs, streamMaxAgeMs, connectionLimits, directory, mqttPort, xmppPort);
    }

    public ServerConfig withMqttPort(int port) {
        return new ServerConfig(host, httpPort, tcpPort, secret, retention, wakeMode, scanIntervalMs, pushLimits, ioThreads,
                maxDevices, keepAliveMs, streamMaxAgeMs, connectionLimits, profileDir, port, xmppPort);
    }

    public ServerConfig withXmppPort(int port) {
        return new ServerConfig(host, httpPort, tcpPort, secret, retention, wakeMode, scanIntervalMs, pushLimits, ioThreads,
                maxDevices, keepAliveMs, streamMaxAgeMs, connectionLimits, profileDir, mqttPort, port);
    }

    public static int defaultIoThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}
