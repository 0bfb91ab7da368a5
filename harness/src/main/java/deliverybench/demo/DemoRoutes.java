package deliverybench.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deliverybench.auth.TokenMinter;
import deliverybench.auth.UserIds;
import deliverybench.core.JsonCodec;
import deliverybench.core.PollQuery;
import deliverybench.core.ServerCore;
import deliverybench.core.http.Responses;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.strategy.Strategy;
import deliverybench.web.ClasspathFiles;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The classroom page's routes under {@code /demo/}, on the delivery server itself: the page and uPlot
 * from the jar, each strategy's browser client and texts from its own package, the strategies as JSON,
 * {@code /stats} again, and tokens for the demo's users (only here, never in {@code serve}).
 */
final class DemoRoutes {

    static final String PAGE = "deliverybench/demo/";
    /** Who the page sends as. */
    static final String SENDER = "teacher";
    static final Duration TOKEN_VALIDITY = Duration.ofHours(12);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final List<Strategy> strategies;
    private final Set<String> browserClients;
    private final TokenMinter minter;
    private final Supplier<byte[]> stats;
    private final String boundHost;
    // The page's own requests are booked here, not to a strategy that used the same kept-alive connection before.
    private final StrategyCounters pageTraffic = new StrategyCounters();

    /**
     * @param browserClients the strategies whose package has a browser client; the others are shown from {@code /stats}
     * @param stats          the server's {@code /stats} document
     */
    DemoRoutes(List<Strategy> strategies, Set<String> browserClients, String secret, Supplier<byte[]> stats,
               String boundHost) {
        this.strategies = strategies;
        this.browserClients = browserClients;
        this.minter = new TokenMinter(secret);
        this.stats = stats;
        this.boundHost = boundHost;
    }

    /** The package folder of a strategy's demo files: {@code browser.js} (its browser client) and {@code demo.json}. */
    static String folder(Strategy strategy) {
        return strategy.getClass().getPackageName().replace('.', '/') + "/";
    }

    void register(ServerCore core) {
        HttpHandler index = ClasspathFiles.handler(PAGE + "index.html");
        core.get("/demo", exchange -> {
            exchange.setStatusCode(302);
            exchange.getResponseHeaders().put(Headers.LOCATION, "/demo/");
            exchange.endExchange();
        });
        core.get("/demo/", page(core, index));
        for (String file : List.of("app.js", "panel.js", "battery.js", "timeline.js", "i18n.js", "app.css")) {
            core.get("/demo/" + file, page(core, ClasspathFiles.handler(PAGE + file)));
        }
        for (String file : List.of("uPlot.iife.min.js", "uPlot.min.css")) {
            core.get("/demo/uplot/" + file, page(core, ClasspathFiles.handler(ClasspathFiles.UPLOT + file)));
        }
        for (Strategy strategy : strategies) {
            if (browserClients.contains(strategy.name())) {
                core.get("/demo/strategy/" + strategy.name() + ".js",
                        page(core, ClasspathFiles.handler(folder(strategy) + "browser.js")));
            }
        }
        byte[] list = strategiesJson();
        core.get("/demo/api/strategies", page(core, ClasspathFiles.handler(list, "application/json")));
        core.get("/demo/api/stats", page(core, exchange -> {
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            Responses.json(exchange, 200, stats.get());
        }));
        core.get("/demo/api/token", page(core, this::token));
        DemoRadio radio = new DemoRadio(strategies);
        core.post("/demo/api/radio", page(core, radio::handle));
    }

    private HttpHandler page(ServerCore core, HttpHandler handler) {
        return exchange -> {
            core.meters().classify(exchange, pageTraffic);
            // Closed after the answer, so that no panel's request rides later on a connection booked to the page.
            exchange.setPersistent(false);
            handler.handleRequest(exchange);
        };
    }

    /**
     * {@code GET /demo/api/token?user=<id>}: a token for any valid user id. Answered only to a request
     * that names a loopback host (or the one the demo was bound to), so that a page of another site
     * whose name resolves to 127.0.0.1 (DNS rebinding) is refused.
     */
    private void token(HttpServerExchange exchange) throws IOException {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        String host = hostName(exchange.getRequestHeaders().getFirst(Headers.HOST));
        if (!LOOPBACK.contains(host) && !host.equals(boundHost.toLowerCase(Locale.ROOT))) {
            Responses.error(exchange, 403, "tokens are given only to a page opened at a loopback address"
                    + (LOOPBACK.contains(boundHost) ? "" : " or at " + boundHost) + ", not at '" + host + "'");
            return;
        }
        Deque<String> users = exchange.getQueryParameters().get("user");
        String user = users == null ? null : users.peekFirst();
        if (!UserIds.isValid(user)) {
            Responses.error(exchange, 400, (user == null ? "no user given" : "'" + user + "' is not a valid user id")
                    + ": a user id must match [A-Za-z0-9_-]{1,64}");
            return;
        }
        ObjectNode answer = JSON.createObjectNode()
                .put("user", user)
                .put("token", minter.mint(user, TOKEN_VALIDITY));
        Responses.json(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    /** {@code host[:port]} or {@code [v6]:port} to the host alone, lower case. */
    static String hostName(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** What the page builds its panels from: the server's strategies, each with its package's texts. */
    private byte[] strategiesJson() {
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode list = doc.putArray("strategies");
        for (Strategy strategy : strategies) {
            ObjectNode entry = list.addObject()
                    .put("name", strategy.name())
                    .put("label", strategy.label())
                    .put("kind", strategy.kind().name().toLowerCase(Locale.ROOT))
                    .put("statsKey", strategy.statsKey())
                    .put("summary", strategy.summary())
                    .put("user", strategy.name())
                    .put("browser", browserClients.contains(strategy.name()));
            byte[] texts = ClasspathFiles.read(folder(strategy) + "demo.json");
            if (texts != null) {
                try {
                    entry.set("texts", JSON.readTree(texts));
                } catch (IOException e) {
                    throw new UncheckedIOException("bad " + folder(strategy) + "demo.json", e);
                }
            }
        }
        doc.put("sender", SENDER);
        doc.put("maxBodyBytes", JsonCodec.MAX_BODY_BYTES);
        doc.put("minWaitSeconds", 1);
        doc.put("maxWaitSeconds", PollQuery.MAX_WAIT_SECONDS);
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
