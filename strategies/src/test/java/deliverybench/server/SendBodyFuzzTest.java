package deliverybench.server;

import deliverybench.core.JsonCodec;

import deliverybench.auth.UserIds;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The send-body parser on seeded random input: a valid request or its own 400/413, never anything else. */
class SendBodyFuzzTest {

    private static final String[] PIECES = {"{", "}", "[", "]", "\"to\"", "\"body\"", ":", ",", "\"bob\"", "\"x\"",
            "1", "null", "true", "\"\\u00e9\"", "\"\\ud83d\"", " ", "\"a b\"", "{\"to\":\"bob\",\"body\":\"hi\"}"};

    @Test
    void arbitraryBytesGiveARequestOrABadBody() {
        for (long seed = 0; seed < 3_000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] body;
            if (seed % 2 == 0) {
                body = new byte[random.nextInt(2_000)];
                random.nextBytes(body);
            } else {
                // JSON-ish pieces reach deeper into the parser than random bytes do.
                StringBuilder text = new StringBuilder();
                for (int i = random.nextInt(40); i > 0; i--) {
                    text.append(PIECES[random.nextInt(PIECES.length)]);
                }
                body = text.toString().getBytes(StandardCharsets.UTF_8);
            }
            try {
                JsonCodec.SendRequest request = JsonCodec.parseSend(body);
                assertTrue(request.to().stream().allMatch(UserIds::isValid), "seed " + seed);
            } catch (JsonCodec.BadBody e) {
                assertTrue(e.status() == 400 || e.status() == 413, "seed " + seed + ": status " + e.status());
            }
        }
    }

    @Test
    void anyTextInAValidShapeRoundTripsOrIs413() {
        for (long seed = 0; seed < 1_000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            String text = deliverybench.protocol.FrameDecoderFuzzTest.text(random, seed % 100 == 0 ? 40_000 : 3_000);
            byte[] json = TestServer.json("bob", text).getBytes(StandardCharsets.UTF_8);
            try {
                assertEquals(text, JsonCodec.parseSend(json).body(), "seed " + seed);
            } catch (JsonCodec.BadBody e) {
                assertEquals(413, e.status(), "seed " + seed + ": " + e.getMessage());
                assertTrue(text.getBytes(StandardCharsets.UTF_8).length > JsonCodec.MAX_BODY_BYTES, "seed " + seed);
            }
        }
    }
}
