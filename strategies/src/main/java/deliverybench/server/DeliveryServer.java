package deliverybench.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import deliverybench.auth.TokenVerifier;
import deliverybench.store.InMemoryMessageStore;
import deliverybench.store.MessageStore;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
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
import java.util.concurrent.TimeUnit;

/**
 * The delivery server: every route and both listeners wired in one place, on one XNIO worker, so
 * that HTTP, long poll, WebSocket and raw TCP share one set of I/O threads.
 */
public final class DeliveryServer implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final ServerConfig config;
    private final MessageStore store;
    private final ServerStats stats = new ServerStats();
    private final ConnectionMeters meters = new ConnectionMeters();
    private final ConnectionRegistry registry;
    private final XnioWorker worker;
    private final AcceptingChannel<StreamConnection> httpServer;
    private final AcceptingChannel<StreamConnection> tcpServer;
    private final XnioExecutor.Key sweeper;

    private DeliveryServer(ServerConfig config) throws IOException {
        this.config = config;
        this.store = new InMemoryMessageStore(config.retention());
        this.registry = new ConnectionRegistry(config.maxDevices());
        this.worker = Xnio.getInstance(DeliveryServer.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, config.ioThreads())
                .set(Options.WORKER_TASK_CORE_THREADS, 1)
                .set(Options.WORKER_TASK_MAX_THREADS, 2)
                .set(Options.WORKER_NAME, "deliverybench")
                .getMap());
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BACKLOG, 4_096)
                .getMap();
        AcceptingChannel<StreamConnection> http = null;
        try {
            http = bindHttp(socketOptions);
            this.tcpServer = bindTcp(socketOptions);
        } catch (IOException | RuntimeException e) {
            // A port taken: leave nothing running behind the exception.
            IoUtils.safeClose(http);
            worker.shutdownNow();
            throw e;
        }
        this.httpServer = http;
        this.sweeper = worker.getIoThread().executeAtInterval(meters::sweep, 10, TimeUnit.SECONDS);
    }

    /** Starts a server; its ports are bound when this returns. */
    public static DeliveryServer start(ServerConfig config) throws IOException {
        return new DeliveryServer(config);
    }

    private AcceptingChannel<StreamConnection> bindHttp(OptionMap socketOptions) throws IOException {
        OptionMap undertowOptions = OptionMap.builder()
                .set(UndertowOptions.MAX_ENTITY_SIZE, SendHandler.MAX_REQUEST_BYTES)
                .set(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
                // A client that trickles its headers (slowloris) is cut off; idle keep-alive ones too.
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                .set(UndertowOptions.ALWAYS_SET_DATE, false)
                .getMap();
        HttpOpenListener openListener = new HttpOpenListener(new DefaultByteBufferPool(true, 16 * 1024), undertowOptions);
        openListener.setRootHandler(routes());
        AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                new InetSocketAddress(config.host(), config.httpPort()),
                ChannelListeners.openListenerAdapter(connection -> {
                    meters.wrap(connection);
                    openListener.handleEvent(connection);
                }),
                socketOptions);
        server.resumeAccepts();
        return server;
    }

    private AcceptingChannel<StreamConnection> bindTcp(OptionMap socketOptions) throws IOException {
        TokenVerifier verifier = new TokenVerifier(config.secret());
        StrategyCounters counters = stats.of(Strategy.TCP);
        AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                new InetSocketAddress(config.host(), config.tcpPort()),
                ChannelListeners.openListenerAdapter(connection -> new TcpConnection(
                        connection, store, verifier, registry, counters, config.pushLimits()).start()),
                socketOptions);
        server.resumeAccepts();
        return server;
    }

    private HttpHandler routes() {
        TokenVerifier verifier = new TokenVerifier(config.secret());
        HttpAuth auth = new HttpAuth(verifier);
        LongPollHandler longPoll = new LongPollHandler(store, auth, meters, stats.of(Strategy.LONG_POLL),
                config.wakeMode(), config.scanIntervalMs());
        SendHandler send = new SendHandler(store, auth, stats.of(Strategy.SEND));
        return new RoutingHandler(false)
                .post("/messages", exchange -> {
                    meters.classify(exchange, stats.of(Strategy.SEND));
                    send.handleRequest(exchange);
                })
                .get("/messages", new PollHandler(store, auth, meters, stats.of(Strategy.SHORT_POLL), longPoll))
                .get("/ws", new WebSocketEndpoint(store, verifier, meters, registry, stats.of(Strategy.WEBSOCKET),
                        config.pushLimits()))
                .get("/health", exchange -> Responses.json(exchange, 200, "{\"status\":\"ok\"}".getBytes()))
                .get("/stats", exchange -> Responses.json(exchange, 200, statsJson()))
                .setFallbackHandler(exchange -> Responses.error(exchange, 404, "no such endpoint: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestPath()))
                .setInvalidMethodHandler(exchange -> Responses.error(exchange, 405, "method "
                        + exchange.getRequestMethod() + " not allowed on " + exchange.getRequestPath()));
    }

    /** The {@code /stats} document. */
    public byte[] statsJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1_024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            stats.write(json, store.storeReads(), store.subscribers(), store.epoch(), registry::unacked);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public int httpPort() {
        return httpServer.getLocalAddress(InetSocketAddress.class).getPort();
    }

    public int tcpPort() {
        return tcpServer.getLocalAddress(InetSocketAddress.class).getPort();
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

    /** Stops accepting, closes every connection and stops the I/O threads. */
    @Override
    public void close() {
        sweeper.remove();
        IoUtils.safeClose(httpServer);
        IoUtils.safeClose(tcpServer);
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
