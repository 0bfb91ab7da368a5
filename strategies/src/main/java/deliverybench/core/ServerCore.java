package deliverybench.core;

import deliverybench.auth.TokenVerifier;
import deliverybench.core.http.HttpAuth;
import deliverybench.core.limits.HandshakeGuard;
import deliverybench.core.limits.PushLimits;
import deliverybench.core.push.ConnectionRegistry;
import deliverybench.core.stats.ConnectionMeters;
import deliverybench.core.stats.ServerStats;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.store.MessageStore;
import deliverybench.tls.ServerTls;
import io.undertow.conduits.BytesReceivedStreamSourceConduit;
import io.undertow.conduits.BytesSentStreamSinkConduit;
import io.undertow.predicate.Predicate;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a strategy's endpoint is given to serve with: the one store, the token check, the connection
 * registry and meters, the counters, and the places to register HTTP routes and listeners on the
 * server's one XNIO worker.
 */
public final class ServerCore {

    private final ServerConfig config;
    private final MessageStore store;
    private final TokenVerifier verifier;
    private final HttpAuth auth;
    private final ConnectionMeters meters;
    private final ConnectionRegistry registry;
    private final ServerStats stats;
    private final XnioWorker worker;
    private final OptionMap socketOptions;
    private final RoutingHandler routes;
    private final HandshakeGuard handshakes;
    private final ServerTls tls;
    private final Map<String, AcceptingChannel<StreamConnection>> listeners = new LinkedHashMap<>();
    // Listeners a strategy bound on an event loop of its own (MQTT on Netty): their ports, and how to close them.
    private final Map<String, Integer> ownPorts = new LinkedHashMap<>();
    private final java.util.List<Runnable> ownClosers = new java.util.ArrayList<>();

    public ServerCore(ServerConfig config, MessageStore store, ConnectionMeters meters, ConnectionRegistry registry,
                      ServerStats stats, XnioWorker worker, OptionMap socketOptions, RoutingHandler routes, ServerTls tls) {
        this.config = config;
        this.store = store;
        this.verifier = new TokenVerifier(config.secret());
        this.auth = new HttpAuth(verifier);
        this.meters = meters;
        this.registry = registry;
        this.stats = stats;
        this.worker = worker;
        this.socketOptions = socketOptions;
        this.routes = routes;
        this.handshakes = new HandshakeGuard(config.connectionLimits().handshakesPerAddress());
        this.tls = tls;
        if (tls != null) {
            stats.meterWire();
        }
    }

    public ServerConfig config() {
        return config;
    }

    public MessageStore store() {
        return store;
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    public HttpAuth auth() {
        return auth;
    }

    public ConnectionMeters meters() {
        return meters;
    }

    public ConnectionRegistry registry() {
        return registry;
    }

    /** The unfinished handshakes per source address, HTTP and every strategy's own listener together. */
    public HandshakeGuard handshakes() {
        return handshakes;
    }

    /** The counters booked under a strategy's stats key. */
    public StrategyCounters counters(String statsKey) {
        return stats.of(statsKey);
    }

    public PushLimits pushLimits() {
        return config.pushLimits();
    }

    /** Routes {@code GET path} to the handler. */
    public void get(String path, HttpHandler handler) {
        routes.get(path, handler);
    }

    /** Routes {@code POST path} to the handler (the handler reads the body itself, within its own limit). */
    public void post(String path, HttpHandler handler) {
        routes.post(path, handler);
    }

    /** Routes {@code GET path} to the handler when {@code when} holds (two strategies may share a path). */
    public void get(String path, Predicate when, HttpHandler handler) {
        routes.get(path, when, handler);
    }

    /** TLS on every listener, or null for plaintext. */
    public ServerTls tls() {
        return tls;
    }

    /**
     * Binds a listener of the strategy's own on the server's host and worker; port 0 picks a free one. Under
     * TLS, {@code onOpen} gets the connection after the TLS layer (the same frames inside), and the bytes below
     * it are booked as the wire bytes of the counters named like the listener, if there are any.
     */
    public void listen(String name, int port, Consumer<StreamConnection> onOpen) throws IOException {
        if (listeners.containsKey(name)) {
            throw new IllegalStateException("a listener named '" + name + "' is already bound");
        }
        Consumer<StreamConnection> opened = tls == null ? onOpen : tlsOver(onOpen, stats.find(name));
        AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                new InetSocketAddress(config.host(), port), ChannelListeners.openListenerAdapter(opened::accept),
                socketOptions);
        listeners.put(name, server);
        server.resumeAccepts();
    }

    /** Records a listener the strategy bound itself, off the XNIO worker; {@code close} runs when the server closes. */
    public void listening(String name, int port, Runnable close) {
        if (listeners.containsKey(name) || ownPorts.containsKey(name)) {
            throw new IllegalStateException("a listener named '" + name + "' is already bound");
        }
        ownPorts.put(name, port);
        ownClosers.add(close);
    }

    private Consumer<StreamConnection> tlsOver(Consumer<StreamConnection> onOpen, StrategyCounters wire) {
        return raw -> {
            if (wire != null) {
                raw.getSourceChannel().setConduit(new BytesReceivedStreamSourceConduit(raw.getSourceChannel().getConduit(),
                        wire.wireBytesIn::add));
                raw.getSinkChannel().setConduit(new BytesSentStreamSinkConduit(raw.getSinkChannel().getConduit(),
                        wire.wireBytesOut::add));
            }
            onOpen.accept(tls.wrap(raw));
        };
    }

    /** The ports of the strategies' own listeners, by name. */
    public Map<String, Integer> listenerPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        listeners.forEach((name, server) -> ports.put(name, server.getLocalAddress(InetSocketAddress.class).getPort()));
        ports.putAll(ownPorts);
        return ports;
    }

    /** Stops accepting on every listener. */
    public void closeListeners() {
        listeners.values().forEach(IoUtils::safeClose);
        ownClosers.forEach(Runnable::run);
        ownClosers.clear();
    }
}
