package deliverybench.server;

import deliverybench.store.MessageStore;
import deliverybench.store.ReadResult;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** {@code GET /messages}: answers a short poll at once and hands a long poll ({@code wait}) to {@link LongPollHandler}. */
final class PollHandler implements HttpHandler {

    private final MessageStore store;
    private final HttpAuth auth;
    private final ConnectionMeters meters;
    private final StrategyCounters counters;
    private final LongPollHandler longPoll;

    PollHandler(MessageStore store, HttpAuth auth, ConnectionMeters meters, StrategyCounters counters,
                LongPollHandler longPoll) {
        this.store = store;
        this.auth = auth;
        this.meters = meters;
        this.counters = counters;
        this.longPoll = longPoll;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        boolean isLong = exchange.getQueryParameters().containsKey("wait");
        if (isLong) {
            longPoll.handleRequest(exchange);
            return;
        }
        meters.classify(exchange, counters);
        counters.requests.increment();
        String user = auth.userOrRefuse(exchange);
        if (user == null) {
            return;
        }
        PollQuery query;
        try {
            query = PollQuery.parse(exchange);
        } catch (PollQuery.BadQuery e) {
            Responses.error(exchange, 400, e.getMessage());
            return;
        }
        if (refusedStaleEpoch(exchange, store, user, query)) {
            return;
        }
        counters.storeReads.increment();
        ReadResult read = store.read(user, query.after(), query.limit());
        answer(exchange, query.after(), read, counters, store.epoch());
    }

    /** Answers 410 to a client that named an epoch other than the store's; returns true when it did. */
    static boolean refusedStaleEpoch(HttpServerExchange exchange, MessageStore store, String user, PollQuery query) {
        if (!query.staleEpoch(store.epoch())) {
            return false;
        }
        Responses.json(exchange, 410, JsonCodec.staleEpoch(query.epoch(), store.oldestSeq(user), store.epoch()));
        return true;
    }

    /** Answers a poll with what a read found: 410 when gone, else the messages (possibly none). */
    static void answer(HttpServerExchange exchange, long after, ReadResult read, StrategyCounters counters, long epoch) {
        if (read.gone()) {
            Responses.json(exchange, 410, JsonCodec.gone(after, read.oldestSeq(), epoch));
            return;
        }
        long next = read.isEmpty() ? after : read.messages().get(read.messages().size() - 1).seq();
        if (read.isEmpty()) {
            counters.emptyResponses.increment();
        }
        counters.messagesDelivered.add(read.messages().size());
        Responses.json(exchange, 200, JsonCodec.pollResponse(read.messages(), next, epoch));
    }
}
