package deliverybench.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens under coverage-guided fuzzing: a forged or malformed one is refused with a reason, never with another exception. */
class TokenVerifierFuzzTest {

    private static final TokenVerifier VERIFIER = new TokenVerifier("fuzz-secret-of-enough-length-for-hs256");

    /**
     * The input is {@code header JSON \n claims JSON \n signature}; the JSON parts are base64url-encoded
     * here, so that the fuzzer reaches the JWT library's JSON parsing instead of stopping at base64.
     * Without a newline the input is the token as sent.
     */
    @FuzzTest
    void anyTokenIsRefusedWithAReason(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] parts = text.split("\n", 3);
        String token = parts.length < 3 ? text : encode(parts[0]) + "." + encode(parts[1]) + "." + parts[2];
        try {
            String user = VERIFIER.verify(token);
            throw new AssertionError("a token nobody signed was accepted for " + user + ": " + token);
        } catch (AuthException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
