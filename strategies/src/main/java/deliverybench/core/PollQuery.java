package deliverybench.core;

import io.undertow.server.HttpServerExchange;

import java.util.Deque;
import java.util.Map;

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
        return epoch(exchange.getQueryParameters());
    }

    static long epoch(Map<String, Deque<String>> query) throws BadQuery {
        return number(query, "epoch", 0, 0, Long.MAX_VALUE);
    }

    /** A query parameter broke the contract; the message is the 400's error text. */
    public static final class BadQuery extends Exception {
        public BadQuery(String message) {
            super(message, null, false, false);
        }
    }

    public static PollQuery parse(HttpServerExchange exchange) throws BadQuery {
        return parse(exchange.getQueryParameters());
    }

    /** The query as Undertow decoded it: each parameter's values in the order given. */
    public static PollQuery parse(Map<String, Deque<String>> query) throws BadQuery {
        long after = number(query, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int wait = (int) number(query, "wait", 0, 1, MAX_WAIT_SECONDS);
        return new PollQuery(after, limit, wait, epoch(query));
    }

    public static long number(HttpServerExchange exchange, String name, long absent, long min, long max)
            throws BadQuery {
        return number(exchange.getQueryParameters(), name, absent, min, max);
    }

    /** One integer parameter from {@code min} to {@code max}, {@code absent} when not given; given twice is refused. */
    public static long number(Map<String, Deque<String>> query, String name, long absent, long min, long max)
            throws BadQuery {
        Deque<String> values = query.get(name);
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
            throw new BadQuery("'" + name + "' must be an integer, was '" + shown(values.getFirst()) + "'");
        }
        if (value < min || value > max) {
            throw new BadQuery("'" + name + "' must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    /** A client's value quoted in an error, cut so that a 16 KiB parameter is not echoed back whole. */
    public static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
