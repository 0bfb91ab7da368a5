package deliverybench.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import deliverybench.core.ServerConfig;
import deliverybench.core.ServerCore;
import deliverybench.core.http.BodyReader;
import deliverybench.core.http.Responses;
import deliverybench.core.http.SendHandler;
import deliverybench.core.limits.ConnectionLimits;
import deliverybench.core.limits.HandshakeGuard;
import deliverybench.core.push.ConnectionRegistry;
import deliverybench.core.stats.ConnectionMeters;
import deliverybench.core.stats.ProfilerEndpoint;
import deliverybench.core.stats.ServerStats;
import deliverybench.core.stats.StatsKeys;
import deliverybench.core.stats.StatsSection;
import deliverybench.store.InMemoryMessageStore;
import deliverybench.store.MessageStore;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import deliverybench.tls.ServerTls;
import io.undertow.UndertowOptions;
import io.undertow.server.OpenListener;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.util.Headers;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The delivery server: the shared core, every registered strategy's endpoint, the send path and the
 * control routes, wired in one place on one XNIO worker, so that every strategy shares one set of I/O threads.
 */
public final class DeliveryServer implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();
    /** The XNIO worker's name; its threads are the request path in {@code /stats}' CPU split. */
    private static final String WORKER_NAME = "deliverybench";

    /** The largest request head (request line, query and headers): 16 KiB. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;

    private final ServerConfig config;
    private final MessageStore store;
    private final ServerStats stats;
    private final ConnectionMeters meters = new ConnectionMeters();
    private final ConnectionRegistry registry;
    private final XnioWorker worker;
    private final ServerCore core;
    private final AcceptingChannel<StreamConnection> httpServer;
    private final XnioExecutor.Key sweeper;
    private final BodyReader bodies;
    private final ServerTls tls;
    private final boolean http2;

    private DeliveryServer(ServerConfig config, List<Strategy> strategies, MessageStore store,
                           Consumer<ServerCore> extraRoutes, ServerTls tls, boolean http2) throws IOException {
        this.config = config;
        this.tls = tls;
        this.http2 = http2;
        this.store = store;
        this.registry = new ConnectionRegistry(config.maxDevices());
        this.stats = new ServerStats(strategies.stream().map(Strategy::statsKey).toList(), ackingKeys(strategies), WORKER_NAME);
        ConnectionLimits limits = config.connectionLimits();
        this.bodies = new BodyReader(SendHandler.MAX_REQUEST_BYTES, limits.requestTimeoutMs(), limits.bodyBufferBytes());
        this.worker = Xnio.getInstance(DeliveryServer.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, config.ioThreads())
                .set(Options.WORKER_TASK_CORE_THREADS, 1)
                .set(Options.WORKER_TASK_MAX_THREADS, 2)
                .set(Options.WORKER_NAME, WORKER_NAME)
                .getMap());
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BACKLOG, 4_096)
                .getMap();
        RoutingHandler routes = new RoutingHandler(false);
        this.core = new ServerCore(config, store, meters, registry, stats, worker, socketOptions, routes, tls);
        try {
            for (Strategy strategy : strategies) {
                strategy.serve(core);
            }
            extraRoutes.accept(core);
            controlRoutes(routes);
            this.httpServer = bindHttp(routes, socketOptions);
        } catch (IOException | RuntimeException e) {
            // A port taken: leave nothing running behind the exception.
            core.closeListeners();
            worker.shutdownNow();
            throw e;
        }
        // Every second: a flood of connections that close before a request would hold their objects until swept.
        this.sweeper = worker.getIoThread().executeAtInterval(meters::sweep, 1, TimeUnit.SECONDS);
    }

    /** Starts a server with every registered strategy; its ports are bound when this returns. */
    public static DeliveryServer start(ServerConfig config) throws IOException {
        return start(config, Strategies.all());
    }

    /** Starts a server with the given strategies only, on an in-memory store. */
    public static DeliveryServer start(ServerConfig config, List<Strategy> strategies) throws IOException {
        return start(config, strategies, new InMemoryMessageStore(config.retention()));
    }

    /** Starts a server with the given strategies over the given store. */
    public static DeliveryServer start(ServerConfig config, List<Strategy> strategies, MessageStore store)
            throws IOException {
        return new DeliveryServer(config, strategies, store, core -> { }, null, false);
    }

    /** Starts a server with the given strategies over the given store, every port under TLS ({@code serve --tls}). */
    public static DeliveryServer start(ServerConfig config, List<Strategy> strategies, MessageStore store, ServerTls tls)
            throws IOException {
        return new DeliveryServer(config, strategies, store, core -> { }, tls, false);
    }

    /**
     * As above ({@code tls} null: plaintext), with {@code http2} the HTTP port also speaking HTTP/2 ({@code serve
     * --http2}): {@code h2} chosen by ALPN under TLS, {@code h2c} with prior knowledge without.
     */
    public static DeliveryServer start(ServerConfig config, List<Strategy> strategies, MessageStore store, ServerTls tls,
                                       boolean http2) throws IOException {
        return new DeliveryServer(config, strategies, store, core -> { }, tls, http2);
    }

    /**
     * Starts a server with the given strategies and routes of a caller's own beside theirs (the classroom
     * page of {@code deliverybench demo}), registered on the core after the strategies' and before the control routes.
     */
    public static DeliveryServer start(ServerConfig config, List<Strategy> strategies, Consumer<ServerCore> extraRoutes)
            throws IOException {
        return new DeliveryServer(config, strategies, new InMemoryMessageStore(config.retention()), extraRoutes, null, false);
    }

    private static Set<String> ackingKeys(List<Strategy> strategies) {
        Set<String> keys = new LinkedHashSet<>();
        strategies.stream().filter(Strategy::acks).forEach(s -> keys.add(s.statsKey()));
        return keys;
    }

    private void controlRoutes(RoutingHandler routes) {
        if (config.profileDir() != null) {
            routes.post("/profile", new ProfilerEndpoint(config.profileDir()));
        }
        SendHandler send = new SendHandler(store, core.auth(), stats.of(StatsKeys.SEND), bodies);
        routes.post("/messages", exchange -> {
                    meters.classify(exchange, stats.of(StatsKeys.SEND));
                    send.handleRequest(exchange);
                })
                .get("/health", exchange -> Responses.json(exchange, 200, "{\"status\":\"ok\"}".getBytes()))
                // Off the I/O thread: the document walks every connection and reads /proc, which would
                // hold up every delivery on that thread (at 10,000 connections, the tail's p99).
                .get("/stats", exchange -> exchange.dispatch(() -> Responses.json(exchange, 200, statsJson())))
                .setFallbackHandler(exchange -> Responses.error(exchange, 404, "no such endpoint: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestPath()))
                .setInvalidMethodHandler(exchange -> Responses.error(exchange, 405, "method "
                        + exchange.getRequestMethod() + " not allowed on " + exchange.getRequestPath()));
    }

    private AcceptingChannel<StreamConnection> bindHttp(HttpHandler routes, OptionMap socketOptions) throws IOException {
        ConnectionLimits limits = config.connectionLimits();
        OptionMap undertowOptions = OptionMap.builder()
                .set(UndertowOptions.MAX_ENTITY_SIZE, SendHandler.MAX_REQUEST_BYTES)
                // The request line and every header together; past it 400 and close.
                .set(UndertowOptions.MAX_HEADER_SIZE, MAX_HEAD_BYTES)
                .set(UndertowOptions.MAX_HEADERS, 100)
                .set(UndertowOptions.MAX_PARAMETERS, 64)
                // A client that trickles a later request's head (slowloris) is cut off; idle keep-alive ones too.
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.requestTimeoutMs())
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeoutMs())
                .set(UndertowOptions.ALWAYS_SET_DATE, false)
                // HTTP/1.1's parser then also takes h2c's preface (prior knowledge); TLS picks h2 by ALPN below.
                .set(UndertowOptions.ENABLE_HTTP2, http2)
                .getMap();
        DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024);
        HttpOpenListener http1 = new HttpOpenListener(buffers, undertowOptions);
        OpenListener openListener = http2 && tls != null
                ? new AlpnOpenListener(buffers, undertowOptions, "http/1.1", http1)
                        .addProtocol(Http2OpenListener.HTTP2, new Http2OpenListener(buffers, undertowOptions), 10)
                : http1;
        HandshakeGuard handshakes = core.handshakes();
        openListener.setRootHandler(exchange -> {
            StreamConnection socket = meters.socket(exchange.getConnection());
            if (socket != null) {
                handshakes.finished(socket);
            }
            if (exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
                // Undertow 2.4.4 prints a stack trace for every chunk over the entity limit: a log flood
                // for the asking. No endpoint needs a body of unknown length.
                BodyReader.refuse(exchange, 411, "a request body must have a Content-Length; Transfer-Encoding is not accepted");
                return;
            }
            routes.handleRequest(exchange);
        });
        AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                new InetSocketAddress(config.host(), config.httpPort()),
                ChannelListeners.openListenerAdapter(accepted -> {
                    // Under TLS the guard, the meters and Undertow all see the connection above TLS.
                    StreamConnection connection = tls == null ? accepted : meters.wrapTls(accepted, tls);
                    if (!handshakes.admit(connection)) {
                        HttpRefusal.tooManyHandshakes(connection, handshakes.maxPerAddress());
                        return;
                    }
                    if (tls == null) {
                        meters.wrap(connection);
                    }
                    openListener.handleEvent(connection);
                    // The first request head must arrive within the request timeout of the connection's open.
                    connection.getIoThread().executeAfter(() -> {
                        if (handshakes.finished(connection)) {
                            IoUtils.safeClose(connection);
                        }
                    }, limits.requestTimeoutMs(), TimeUnit.MILLISECONDS);
                }),
                socketOptions);
        server.resumeAccepts();
        return server;
    }

    /** The {@code /stats} document. */
    public byte[] statsJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1_024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            ConnectionRegistry.Gauges gauges = registry.gauges();
            StatsSection storeSection = store instanceof StatsSection section ? section : null;
            stats.write(json, store.storeReads(), store.subscribers(), store.epoch(), gauges::unacked, gauges::queued,
                    tls == null ? storeSection : both(storeSection, tls));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static StatsSection both(StatsSection first, StatsSection second) {
        return json -> {
            if (first != null) {
                first.write(json);
            }
            second.write(json);
        };
    }

    /** Whether the HTTP port speaks HTTP/2 beside HTTP/1.1. */
    public boolean http2() {
        return http2;
    }

    /** The TLS over every port, or null when the server speaks plaintext. */
    public ServerTls tls() {
        return tls;
    }

    public int httpPort() {
        return httpServer.getLocalAddress(InetSocketAddress.class).getPort();
    }

    /** The port of a strategy's own listener ({@code tcp}); fails when no strategy bound one by that name. */
    public int port(String listener) {
        Integer port = core.listenerPorts().get(listener);
        if (port == null) {
            throw new IllegalArgumentException("no listener named '" + listener + "'; bound: " + core.listenerPorts().keySet());
        }
        return port;
    }

    public int tcpPort() {
        return port("tcp");
    }

    /** Every bound port by name: {@code http}, then each strategy's own listener. */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("http", httpPort());
        ports.putAll(core.listenerPorts());
        return ports;
    }

    public ServerConfig config() {
        return config;
    }

    public ServerStats stats() {
        return stats;
    }

    public MessageStore store() {
        return store;
    }

    /** Bytes of request bodies being read now. */
    public long bodyBytesBuffered() {
        return bodies.buffered();
    }

    /** Connections that have not finished their handshake, over every address and port. */
    public int unfinishedHandshakes() {
        return core.handshakes().pending();
    }

    /** Stops accepting, closes every connection and stops the I/O threads. */
    @Override
    public void close() {
        sweeper.remove();
        IoUtils.safeClose(httpServer);
        core.closeListeners();
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
