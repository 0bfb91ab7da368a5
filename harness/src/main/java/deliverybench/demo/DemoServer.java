package deliverybench.demo;

import deliverybench.core.ServerConfig;
import deliverybench.server.DeliveryServer;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import deliverybench.web.ClasspathFiles;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code deliverybench demo}'s server: the delivery server with every strategy, the classroom page at
 * {@code /demo/} on the same port, and an in-process client for each strategy a browser cannot speak.
 */
public final class DemoServer implements AutoCloseable {

    private final DeliveryServer server;
    private final DemoReceivers receivers;
    private final List<Strategy> panels;
    private final Set<String> browserClients;

    private DemoServer(ServerConfig config) throws IOException {
        // A variant needs a server of other options; the demo shows the strategies one server serves.
        this.panels = Strategies.standard();
        this.browserClients = new LinkedHashSet<>();
        for (Strategy strategy : panels) {
            if (ClasspathFiles.read(DemoRoutes.folder(strategy) + "browser.js") != null) {
                browserClients.add(strategy.name());
            }
        }
        AtomicReference<DeliveryServer> started = new AtomicReference<>();
        DemoRoutes routes = new DemoRoutes(panels, browserClients, config.secret(), () -> started.get().statsJson(),
                config.host());
        this.server = DeliveryServer.start(config, Strategies.all(), routes::register);
        started.set(server);
        try {
            this.receivers = new DemoReceivers(panels.stream().filter(s -> !browserClients.contains(s.name())).toList(),
                    http(), server.ports(), config.secret());
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Starts the server and the in-process clients; the ports are bound when this returns. */
    public static DemoServer start(ServerConfig config) throws IOException {
        return new DemoServer(config);
    }

    /** The server's HTTP base, {@code http://127.0.0.1:8080}; loopback when bound to every address. */
    public URI http() {
        String host = server.config().host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.httpPort());
    }

    /** The classroom page. */
    public URI page() {
        return http().resolve("/demo/");
    }

    public DeliveryServer server() {
        return server;
    }

    /** The strategies that have a panel, and of them those the browser speaks itself. */
    public List<Strategy> panels() {
        return panels;
    }

    public Set<String> browserClients() {
        return Set.copyOf(browserClients);
    }

    @Override
    public void close() {
        receivers.close();
        server.close();
    }
}
