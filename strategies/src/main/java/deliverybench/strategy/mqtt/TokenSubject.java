package deliverybench.strategy.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The {@code sub} of a JWT as a client reads it, unverified: MQTT's username and client id need the user id. */
final class TokenSubject {

    private TokenSubject() {
    }

    static String of(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT: " + parts.length + " parts");
        }
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String sub;
        try {
            sub = new ObjectMapper().readTree(claims).path("sub").textValue();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the token's claims are not JSON", e);
        }
        if (sub == null) {
            throw new IllegalArgumentException("the token has no sub claim");
        }
        return sub;
    }
}
