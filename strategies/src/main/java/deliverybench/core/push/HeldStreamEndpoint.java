package deliverybench.core.push;

import deliverybench.auth.AuthException;
import deliverybench.auth.TokenVerifier;
import deliverybench.core.Async;
import deliverybench.core.JsonCodec;
import deliverybench.core.PollQuery;
import deliverybench.core.ServerCore;
import deliverybench.core.http.Responses;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.store.MessageStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.nio.ByteBuffer;
import java.util.Deque;

/**
 * A {@code GET} answered by a held stream of the inbox (SSE, HTTP streaming): the token (bearer or
 * {@code token=}), the position and the epoch are checked with plain HTTP answers (400, 401, 410,
 * 429), then a {@link ResponseStream} in the strategy's format carries every message.
 */
public final class HeldStreamEndpoint implements HttpHandler {

    /** Where a client resumes: {@code after}, or what the strategy reads instead. */
    @FunctionalInterface
    public interface Position {
        long after(HttpServerExchange exchange) throws PollQuery.BadQuery;
    }

    /** The keep-alive a client may ask for with {@code keepalive=ms}: from 100 ms (a scaled heartbeat) to an hour. */
    static final long MIN_KEEP_ALIVE_MS = 100;
    static final long MAX_KEEP_ALIVE_MS = 3_600_000;

    private final ServerCore core;
    private final StrategyCounters counters;
    private final StreamFormat format;
    private final long maxAgeMs;
    private final Position position;

    /** @param maxAgeMs how long an answer lasts before it ends with {@link StreamFormat#end}; 0 for as long as it can */
    public HeldStreamEndpoint(ServerCore core, StrategyCounters counters, StreamFormat format, long maxAgeMs,
                              Position position) {
        this.core = core;
        this.counters = counters;
        this.format = format;
        this.maxAgeMs = maxAgeMs;
        this.position = position;
    }

    /** {@code after=}, from 0 (the default) to 2^63 - 1. */
    public static long afterParameter(HttpServerExchange exchange) throws PollQuery.BadQuery {
        return PollQuery.number(exchange, "after", 0, 0, Long.MAX_VALUE);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        core.meters().classify(exchange, counters);
        counters.requests.increment();
        String user;
        try {
            user = core.verifier().verifyOnConnect(token(exchange));
        } catch (AuthException e) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            Responses.error(exchange, 401, e.getMessage());
            return;
        }
        long after;
        long epoch;
        long keepAliveMs;
        try {
            after = position.after(exchange);
            epoch = PollQuery.epoch(exchange);
            // A client's heartbeat may ask for its own keep-alive interval (contract v4: keepalive=ms).
            keepAliveMs = PollQuery.number(exchange, "keepalive", core.config().keepAliveMs(), MIN_KEEP_ALIVE_MS,
                    MAX_KEEP_ALIVE_MS);
        } catch (PollQuery.BadQuery e) {
            Responses.error(exchange, 400, e.getMessage());
            return;
        }
        MessageStore store = core.store();
        Async.then(exchange, store.position(user), position -> {
            if (PollQuery.staleEpoch(epoch, store.epoch(user))) {
                Responses.json(exchange, 410, JsonCodec.staleEpoch(epoch, position.oldestSeq(), store.epoch(user)));
            } else if (position.gone(after)) {
                Responses.json(exchange, 410, JsonCodec.gone(after, position.oldestSeq(), store.epoch(user)));
            } else {
                // Held past this handler: the stream ends the exchange itself.
                exchange.dispatch(SameThreadExecutor.INSTANCE, () -> open(exchange, user, after, keepAliveMs));
            }
        });
    }

    private void open(HttpServerExchange exchange, String user, long after, long keepAliveMs) {
        MessageStore store = core.store();
        ResponseStream stream = new ResponseStream(exchange, format, store.epoch(user), keepAliveMs, maxAgeMs);
        PushSession<ByteBuffer> session = new PushSession<>(store, user, stream, core.pushLimits(), counters);
        if (!core.registry().add(session)) {
            Responses.error(exchange, 429, "too many devices: at most " + core.registry().maxDevices()
                    + " connections per user");
            return;
        }
        stream.start(session, after, () -> core.registry().remove(session));
    }

    /** The bearer token, or {@code token=} (a browser's {@code EventSource} cannot set headers). */
    static String token(HttpServerExchange exchange) {
        String header = TokenVerifier.bearerToken(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (header != null) {
            return header;
        }
        Deque<String> query = exchange.getQueryParameters().get("token");
        return query == null || query.isEmpty() ? null : query.getFirst();
    }
}
