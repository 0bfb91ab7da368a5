package deliverybench.core.http;

import deliverybench.core.Async;
import deliverybench.core.JsonCodec;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.store.MessageStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** {@code POST /messages}: appends a message to the recipient's inbox, the same path for every strategy. */
public final class SendHandler implements HttpHandler {

    /** Room for a 64 KiB body even when every byte of it is JSON-escaped as {@code \\uXXXX}. */
    public static final long MAX_REQUEST_BYTES = 6L * JsonCodec.MAX_BODY_BYTES + 1_024;

    private final MessageStore store;
    private final HttpAuth auth;
    private final StrategyCounters counters;
    private final BodyReader bodies;

    public SendHandler(MessageStore store, HttpAuth auth, StrategyCounters counters, BodyReader bodies) {
        this.store = store;
        this.auth = auth;
        this.counters = counters;
        this.bodies = bodies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        counters.requests.increment();
        String from = auth.userOrRefuse(exchange);
        if (from == null) {
            return;
        }
        exchange.setMaxEntitySize(MAX_REQUEST_BYTES);
        bodies.read(exchange, (ex, bytes) -> accept(ex, from, bytes));
    }

    private void accept(HttpServerExchange exchange, String from, byte[] bytes) {
        JsonCodec.SendRequest request;
        try {
            request = JsonCodec.parseSend(bytes);
        } catch (JsonCodec.BadBody e) {
            Responses.error(exchange, e.status(), e.getMessage());
            return;
        }
        // Counted and answered only once stored: nothing is reported sent that was not.
        if (!request.list()) {
            Async.then(exchange, store.append(request.to().get(0), from, request.body()), seq -> {
                counters.messagesStored.increment();
                Responses.json(exchange, 202, JsonCodec.seq(seq));
            });
            return;
        }
        Async.then(exchange, store.appendAll(request.to(), from, request.body()), seqs -> {
            counters.messagesStored.add(seqs.length);
            Responses.json(exchange, 202, JsonCodec.seqs(seqs));
        });
    }
}
