package deliverybench.strategy.sse;

import deliverybench.auth.AuthException;
import deliverybench.auth.TokenVerifier;
import deliverybench.core.JsonCodec;
import deliverybench.core.PollQuery;
import deliverybench.core.PushSession;
import deliverybench.core.Responses;
import deliverybench.core.ServerCore;
import deliverybench.core.StrategyCounters;
import deliverybench.store.MessageStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;

import java.nio.ByteBuffer;
import java.util.Deque;

/**
 * {@code GET /events?after=&epoch=}: checks the token, the position and the epoch with plain HTTP
 * answers, then streams the inbox as Server-Sent Events ({@link EventStream}).
 */
final class SseEndpoint implements HttpHandler {

    static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");

    private final ServerCore core;
    private final StrategyCounters counters;

    SseEndpoint(ServerCore core, StrategyCounters counters) {
        this.core = core;
        this.counters = counters;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        core.meters().classify(exchange, counters);
        counters.requests.increment();
        String user;
        try {
            user = core.verifier().verify(token(exchange));
        } catch (AuthException e) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            Responses.error(exchange, 401, e.getMessage());
            return;
        }
        long after;
        long epoch;
        try {
            after = resumeAfter(exchange);
            epoch = PollQuery.epoch(exchange);
        } catch (PollQuery.BadQuery e) {
            Responses.error(exchange, 400, e.getMessage());
            return;
        }
        MessageStore store = core.store();
        if (PollQuery.staleEpoch(epoch, store.epoch())) {
            Responses.json(exchange, 410, JsonCodec.staleEpoch(epoch, store.oldestSeq(user), store.epoch()));
            return;
        }
        long oldest = store.oldestSeq(user);
        if (after < oldest - 1 || after > store.highestSeq(user)) {
            Responses.json(exchange, 410, JsonCodec.gone(after, oldest, store.epoch()));
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            EventStream stream = new EventStream(exchange, store.epoch(), core.config().keepAliveMs());
            PushSession<ByteBuffer> session = new PushSession<>(store, user, stream, core.pushLimits(), counters);
            if (!core.registry().add(session)) {
                Responses.error(exchange, 429, "too many devices: at most " + core.registry().maxDevices()
                        + " connections per user");
                return;
            }
            stream.start(session, after, () -> core.registry().remove(session));
        });
    }

    /** {@code Last-Event-ID} (what a browser sends when it reconnects) wins over {@code after}. */
    static long resumeAfter(HttpServerExchange exchange) throws PollQuery.BadQuery {
        String lastEventId = exchange.getRequestHeaders().getFirst(LAST_EVENT_ID);
        if (lastEventId == null || lastEventId.isEmpty()) {
            return PollQuery.number(exchange, "after", 0, 0, Long.MAX_VALUE);
        }
        return parseLastEventId(lastEventId);
    }

    /** A {@code Last-Event-ID}: the seq of the last event seen, a decimal number from 0 to 2^63 - 1. */
    static long parseLastEventId(String value) throws PollQuery.BadQuery {
        String trimmed = value.trim();
        boolean digits = !trimmed.isEmpty() && trimmed.length() <= 19 && trimmed.chars().allMatch(c -> c >= '0' && c <= '9');
        try {
            if (digits) {
                return Long.parseLong(trimmed);
            }
        } catch (NumberFormatException e) {
            // 19 digits beyond 2^63 - 1: refused below.
        }
        String shown = trimmed.length() > 40 ? trimmed.substring(0, 40) + "..." : trimmed;
        throw new PollQuery.BadQuery("Last-Event-ID must be a seq, an integer from 0 to 2^63-1, was '" + shown + "'");
    }

    /** The bearer token, or {@code token=} (an {@code EventSource} cannot set headers). */
    static String token(HttpServerExchange exchange) {
        String header = TokenVerifier.bearerToken(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (header != null) {
            return header;
        }
        Deque<String> query = exchange.getQueryParameters().get("token");
        return query == null || query.isEmpty() ? null : query.getFirst();
    }
}
