package deliverybench.core;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The query of every poll and push ({@code after}, {@code limit}, {@code wait}, {@code epoch}) under
 * coverage-guided fuzzing: in bounds and equal to what was asked, or the parser's own 400.
 */
class PollQueryFuzzTest {

    /** The input is a query as Undertow hands it over, decoded: {@code name=value} pairs split at {@code &}. */
    static Map<String, Deque<String>> query(byte[] bytes) {
        Map<String, Deque<String>> query = new LinkedHashMap<>();
        for (String pair : new String(bytes, StandardCharsets.UTF_8).split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            query.computeIfAbsent(name, n -> new ArrayDeque<>()).add(equals < 0 ? "" : pair.substring(equals + 1));
        }
        return query;
    }

    @FuzzTest
    void anyQueryIsInBoundsOrRefused(byte[] bytes) {
        Map<String, Deque<String>> query = query(bytes);
        PollQuery parsed;
        try {
            parsed = PollQuery.parse(query);
        } catch (PollQuery.BadQuery e) {
            assertTrue(e.getMessage().length() < 200, "an error of " + e.getMessage().length() + " characters");
            return;
        }
        assertTrue(parsed.after() >= 0);
        assertTrue(parsed.limit() >= 1 && parsed.limit() <= PollQuery.MAX_LIMIT, "limit " + parsed.limit());
        assertTrue(parsed.waitSeconds() >= 0 && parsed.waitSeconds() <= PollQuery.MAX_WAIT_SECONDS, "wait " + parsed.waitSeconds());
        assertTrue(parsed.epoch() >= 0);
        assertEquals(asked(query, "after", 0), parsed.after());
        assertEquals(asked(query, "limit", PollQuery.DEFAULT_LIMIT), parsed.limit());
        assertEquals(asked(query, "wait", 0), parsed.waitSeconds());
        assertEquals(asked(query, "epoch", 0), parsed.epoch());
    }

    private static long asked(Map<String, Deque<String>> query, String name, long absent) {
        Deque<String> values = query.get(name);
        return values == null ? absent : Long.parseLong(values.getFirst());
    }
}
