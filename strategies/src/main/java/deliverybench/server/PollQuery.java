package deliverybench.server;

import io.undertow.server.HttpServerExchange;

import java.util.Deque;

/**
 * The query of {@code GET /messages}: {@code after}, {@code limit}, for a long poll {@code wait}, and
 * the {@code epoch} the client's {@code after} belongs to (0 when it does not say).
 */
record PollQuery(long after, int limit, int waitSeconds, long epoch) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    static final int MAX_WAIT_SECONDS = 120;

    boolean isLongPoll() {
        return waitSeconds > 0;
    }

    /** The client named an epoch and it is not the store's: its {@code after} means nothing here. */
    boolean staleEpoch(long current) {
        return staleEpoch(epoch, current);
    }

    static boolean staleEpoch(long asked, long current) {
        return asked != 0 && asked != current;
    }

    /** The {@code epoch} parameter: absent or 0 means "not saying" (contract v1 clients). */
    static long epoch(HttpServerExchange exchange) throws BadQuery {
        return number(exchange, "epoch", 0, 0, Long.MAX_VALUE);
    }

    /** A query parameter broke the contract; the message is the 400's error text. */
    static final class BadQuery extends Exception {
        BadQuery(String message) {
            super(message, null, false, false);
        }
    }

    static PollQuery parse(HttpServerExchange exchange) throws BadQuery {
        long after = number(exchange, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) number(exchange, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int wait = (int) number(exchange, "wait", 0, 1, MAX_WAIT_SECONDS);
        return new PollQuery(after, limit, wait, epoch(exchange));
    }

    static long number(HttpServerExchange exchange, String name, long absent, long min, long max)
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
