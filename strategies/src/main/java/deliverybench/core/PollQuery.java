package deliverybench.core;

import io.undertow.server.HttpServerExchange;

import java.util.Deque;

/**
 * The query of {@code GET /messages}: {@code after}, {@code limit}, for a long poll {@code wait}, and
 * the {@code epoch} the client's {@code after} belongs to (0 when it does not say).
 */
public record PollQuery(long after, int limit, int waitSeconds, long epoch) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;
    public static final int MAX_WAIT_SECONDS = 120;

    public boolean isLongPoll() {
        return waitSeconds > 0;
    }

    /** The client named an epoch and it is not the store's: its {@code after} means nothing here. */
    public boolean staleEpoch(long current) {
        return staleEpoch(epoch, current);
    }

    public static boolean staleEpoch(long asked, long current) {
        return asked != 0 && asked != current;
    }

    /** The {@code epoch} parameter: absent or 0 means "not saying" (contract v1 clients). */
    public static long epoch(HttpServerExchange exchange) throws BadQuery {
        return number(exchange, "epoch", 0, 0, Long.MAX_VALUE);
    }

    /** A query parameter broke the contract; the message is the 400's error text. */
    public static final class BadQuery extends Exception {
        public BadQuery(String message) {
            super(message, null, false, false);
        }
    }

    public static PollQuery parse(HttpServerExchange exchange) throws BadQuery {
        long after = number(exchange, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) number(exchange, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int wait = (int) number(exchange, "wait", 0, 1, MAX_WAIT_SECONDS);
        return new PollQuery(after, limit, wait, epoch(exchange));
    }

    public static long number(HttpServerExchange exchange, String name, long absent, long min, long max)
            throws BadQuery {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return absent;
        }
        if (values.size() > 1) {
            throw new BadQuery("'" + name + "' given more than once");
        }
        long value;
        try {
            value = Long.parseLong(values.getFirst());
        } catch (NumberFormatException e) {
            throw new BadQuery("'" + name + "' must be an integer, was '" + values.getFirst() + "'");
        }
        if (value < min || value > max) {
            throw new BadQuery("'" + name + "' must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }
}
