package deliverybench.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deliverybench.metric.Metric;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.options.RunOptions;
import deliverybench.run.RunListener;
import deliverybench.strategy.Strategy;
import deliverybench.web.ClasspathFiles;
import io.undertow.Undertow;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** {@code run --live}: a page and an SSE stream served from inside the driver on loopback, fed by the run's listener calls. */
public final class LiveDashboard implements RunListener, AutoCloseable {

    private static final String PAGE = "deliverybench/live/";
    /** More events than any run says (a 10-minute soak of seven strategies says about 5,000): a bound all the same. */
    private static final int MAX_HISTORY = 100_000;

    private final ObjectMapper json = new ObjectMapper();
    private final Object lock = new Object();
    private final List<String[]> history = new ArrayList<>();
    // Held only by the dashboard's thread and by a page connecting, always before a connection's own
    // lock; a page closing (which holds its connection's lock) removes itself without taking it.
    private final Set<ServerSentEventConnection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "deliverybench-live");
        thread.setDaemon(true);
        return thread;
    });
    private final Undertow server;
    private final URI url;

    private LiveDashboard(String host, int port, RunOptions config, String title) {
        RoutingHandler routes = new RoutingHandler(false)
                .get("/", ClasspathFiles.handler(PAGE + "index.html"))
                .get("/live.js", ClasspathFiles.handler(PAGE + "live.js"))
                .get("/live.css", ClasspathFiles.handler(PAGE + "live.css"))
                .get("/uplot/uPlot.iife.min.js", ClasspathFiles.handler(ClasspathFiles.UPLOT + "uPlot.iife.min.js"))
                .get("/uplot/uPlot.min.css", ClasspathFiles.handler(ClasspathFiles.UPLOT + "uPlot.min.css"))
                .get("/events", new ServerSentEventHandler(this::connected));
        // One I/O thread and one worker: the driver's threads and CPU are measured, so the page must cost little.
        this.server = Undertow.builder().addHttpListener(port, host).setIoThreads(1).setWorkerThreads(1)
                .setHandler(routes).build();
        server.start();
        InetSocketAddress bound = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        this.url = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
        publish("run", run(config, title));
    }

    /** Serves the page on {@code host:port} (0: a free port) and says the run's shape to whoever opens it. */
    public static LiveDashboard start(String host, int port, RunOptions config, String title) {
        return new LiveDashboard(host, port, config, title);
    }

    public URI url() {
        return url;
    }

    private void connected(ServerSentEventConnection connection, String lastEventId) {
        synchronized (lock) {
            for (String[] event : history) {
                connection.send(event[1], event[0], null, null);
            }
            connections.add(connection);
        }
        connection.addCloseTask(connections::remove);
    }

    /**
     * Queues an event for every page, and for the history a page opened later is sent first. The
     * run's threads only queue: the dashboard's own thread writes, so that neither a slow page nor a
     * page closing can hold up a send.
     */
    private void publish(String event, ObjectNode data) {
        String text;
        try {
            text = json.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.execute(() -> {
            synchronized (lock) {
                if (history.size() < MAX_HISTORY) {
                    history.add(new String[]{event, text});
                }
                for (ServerSentEventConnection connection : connections) {
                    connection.send(text, event, null, null);
                }
            }
        });
    }

    private ObjectNode run(RunOptions config, String title) {
        ObjectNode run = json.createObjectNode().put("title", title)
                .put("durationSeconds", config.window().duration().toSeconds())
                .put("warmupSeconds", config.window().warmup().toSeconds());
        ArrayNode names = run.putArray("strategies");
        config.strategies().forEach(strategy -> names.add(strategy.name()));
        return run;
    }

    /** A line of the run's progress, as the terminal shows it. */
    public void progress(String line) {
        publish("progress", json.createObjectNode().put("line", line));
    }

    @Override
    public void strategyStarted(Strategy strategy) {
        publish("started", json.createObjectNode().put("strategy", strategy.name()).put("label", strategy.label()));
    }

    @Override
    public void second(Second second) {
        ObjectNode data = json.createObjectNode()
                .put("strategy", second.strategy())
                .put("second", second.second())
                .put("seconds", second.seconds())
                .put("sent", second.sent())
                .put("delivered", second.delivered());
        number(data, "p99SecondUs", second.p99SecondUs());
        number(data, "p99Us", second.p99SoFarUs());
        publish("second", data);
    }

    @Override
    public void strategyDone(StrategyResult result) {
        ObjectNode data = json.createObjectNode().put("strategy", result.strategy()).put("verdict", result.verdict());
        ArrayNode rows = data.putArray("rows");
        for (Metric metric : Metric.values()) {
            if (metric.show() == Metric.Show.HIDDEN) {
                continue;
            }
            double value = result.get(metric);
            ObjectNode row = rows.addObject().put("key", metric.key()).put("label", metric.label())
                    .put("show", metric.show().name().toLowerCase(Locale.ROOT))
                    .put("text", metric.format(value));
            number(row, "value", value);
        }
        publish("done", data);
    }

    @Override
    public void runDone(RunResult result) {
        ObjectNode data = json.createObjectNode().put("completed", result.completed());
        if (result.failure() != null) {
            data.put("failure", result.failure());
        }
        publish("finished", data);
    }

    private static void number(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            // What was queued reaches the pages before they are closed.
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.forEach(ServerSentEventConnection::shutdown);
        server.stop();
    }
}
