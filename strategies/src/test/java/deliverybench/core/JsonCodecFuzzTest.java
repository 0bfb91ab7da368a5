package deliverybench.core;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.auth.UserIds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON the clients send, under coverage-guided fuzzing: the send body ({@link ClientFrameFuzzTest} has the WebSocket frames). */
class JsonCodecFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Any bytes as a {@code POST /messages} body: a valid request or the codec's own 400/413, never anything else. */
    @FuzzTest
    void anySendBodyGivesARequestOrABadBody(byte[] body) throws IOException {
        JsonCodec.SendRequest request;
        try {
            request = JsonCodec.parseSend(body);
        } catch (JsonCodec.BadBody e) {
            assertTrue(e.status() == 400 || e.status() == 413, "status " + e.status());
            return;
        }
        assertTrue(!request.to().isEmpty() && request.to().size() <= JsonCodec.MAX_RECIPIENTS, "recipients " + request.to().size());
        assertTrue(request.list() || request.to().size() == 1, "one id read as " + request.to());
        assertEquals(request.to().size(), new java.util.HashSet<>(request.to()).size(), "duplicates in " + request.to());
        for (String to : request.to()) {
            assertTrue(UserIds.isValid(to), to);
        }
        assertTrue(JsonCodec.utf8Length(request.body()) <= JsonCodec.MAX_BODY_BYTES);
        // What was taken is what a well-formed body with the same fields gives.
        assertEquals(request, reparsed(request.list() ? request.to() : request.to().get(0), request.body()));
    }

    /** Any text in a valid shape comes back unchanged, or is 413 exactly when it is over the limit. */
    @FuzzTest
    void anyTextInAValidShapeRoundTripsOrIs413(FuzzedDataProvider data) throws IOException {
        String body = data.consumeRemainingAsString();
        JsonCodec.SendRequest request = reparsed("bob", body);
        if (request == null) {
            assertTrue(body.getBytes(StandardCharsets.UTF_8).length > JsonCodec.MAX_BODY_BYTES);
        } else {
            assertEquals(body, request.body());
        }
    }

    private static JsonCodec.SendRequest reparsed(Object to, String body) throws IOException {
        try {
            return JsonCodec.parseSend(JSON.writeValueAsBytes(Map.of("to", to, "body", body)));
        } catch (JsonCodec.BadBody e) {
            assertEquals(413, e.status(), e.getMessage());
            return null;
        }
    }
}
