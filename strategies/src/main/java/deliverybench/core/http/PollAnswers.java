package deliverybench.core.http;

import deliverybench.core.Async;
import deliverybench.core.JsonCodec;
import deliverybench.core.PollQuery;
import deliverybench.core.ServerCore;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.store.Message;
import deliverybench.store.MessageStore;
import deliverybench.store.ReadResult;
import io.undertow.server.HttpServerExchange;

import java.util.List;

/** How {@code GET /messages} answers, the same for a short and a long poll: 410 on a stale epoch or a gap, else the messages. */
public final class PollAnswers {

    /** The bodies one poll answer carries at most, in characters: 1 MiB. */
    public static final int MAX_ANSWER_BODY_CHARS = 1 << 20;

    private PollAnswers() {
    }

    /** Answers 410 to a client that named an epoch other than the store's; returns true when it did. */
    public static boolean refusedStaleEpoch(HttpServerExchange exchange, MessageStore store, String user, PollQuery query) {
        if (!query.staleEpoch(store.epoch(user))) {
            return false;
        }
        Async.then(exchange, store.position(user), position -> Responses.json(exchange, 410,
                JsonCodec.staleEpoch(query.epoch(), position.oldestSeq(), store.epoch(user))));
        return true;
    }

    /** Answers a poll with what a read found: 410 when gone, else the messages (possibly none). */
    public static void answer(HttpServerExchange exchange, long after, ReadResult read, StrategyCounters counters, long epoch) {
        if (read.gone()) {
            Responses.json(exchange, 410, JsonCodec.gone(after, read.oldestSeq(), epoch));
            return;
        }
        List<Message> messages = fitted(read.messages());
        long next = messages.isEmpty() ? after : messages.get(messages.size() - 1).seq();
        if (messages.isEmpty()) {
            counters.emptyResponses.increment();
        }
        counters.messagesWritten.add(messages.size());
        Responses.json(exchange, 200, JsonCodec.pollResponse(messages, next, epoch));
    }

    /**
     * The messages an answer carries: the first ones whose bodies together stay within
     * {@link #MAX_ANSWER_BODY_CHARS} (always at least one), so that {@code limit=1000} of 64 KiB bodies
     * is not one 64 MB answer; {@code next} tells the client where to go on.
     */
    static List<Message> fitted(List<Message> messages) {
        long chars = 0;
        for (int i = 0; i < messages.size(); i++) {
            chars += messages.get(i).body().length();
            if (chars > MAX_ANSWER_BODY_CHARS && i > 0) {
                return messages.subList(0, i);
            }
        }
        return messages;
    }

    /** A poll that passed the checks: who asks, and what. */
    public record Admitted(String user, PollQuery query) {
    }

    /**
     * The start every poll shares: books the connection, counts the request, checks the token, the
     * query and the epoch. Returns who asks and what, or null once it has answered the request itself.
     */
    public static Admitted admit(HttpServerExchange exchange, ServerCore core, StrategyCounters counters) {
        core.meters().classify(exchange, counters);
        counters.requests.increment();
        String user = core.auth().userOrRefuse(exchange);
        if (user == null) {
            return null;
        }
        PollQuery query;
        try {
            query = PollQuery.parse(exchange);
        } catch (PollQuery.BadQuery e) {
            Responses.error(exchange, 400, e.getMessage());
            return null;
        }
        return refusedStaleEpoch(exchange, core.store(), user, query) ? null : new Admitted(user, query);
    }
}
