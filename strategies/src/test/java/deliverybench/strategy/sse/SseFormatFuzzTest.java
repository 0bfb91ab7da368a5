package deliverybench.strategy.sse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import deliverybench.core.PollQuery;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Last-Event-ID} under coverage-guided fuzzing: a seq from 0 to 2^63 - 1 that the header spelled, or 400. */
class SseFormatFuzzTest {

    @FuzzTest
    void anyLastEventIdIsASeqOrRefused(byte[] bytes) {
        String header = new String(bytes, StandardCharsets.ISO_8859_1);
        long seq;
        try {
            seq = SseFormat.parseLastEventId(header);
        } catch (PollQuery.BadQuery e) {
            assertTrue(e.getMessage().length() < 200, "an error of " + e.getMessage().length() + " characters");
            return;
        }
        assertTrue(seq >= 0);
        assertEquals(Long.toString(seq), header.trim().replaceFirst("^0+(?=.)", ""));
    }
}
