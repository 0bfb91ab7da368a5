package deliverybench.strategy.xmpp;

import deliverybench.auth.AuthException;
import deliverybench.auth.TokenVerifier;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** SASL PLAIN (RFC 4616) with the token as password: authcid is the user id, authzid empty, the user or its bare JID. */
final class SaslPlain {

    /** The user authenticated, or (user null) the SASL failure condition. */
    record Outcome(String user, String failure) {
    }

    private SaslPlain() {
    }

    static Outcome check(String mechanism, String text, TokenVerifier verifier) {
        if (!"PLAIN".equals(mechanism)) {
            return new Outcome(null, "invalid-mechanism");
        }
        String[] parts;
        try {
            parts = new String(Base64.getDecoder().decode(text.strip()), StandardCharsets.UTF_8).split("\0", -1);
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "incorrect-encoding");
        }
        if (parts.length != 3) {
            return new Outcome(null, "incorrect-encoding");
        }
        String authzid = parts[0];
        try {
            String tokenUser = verifier.verifyOnConnect(parts[2]);
            boolean authzOk = authzid.isEmpty() || authzid.equals(parts[1]) || authzid.equals(parts[1] + "@" + Xmpp.DOMAIN);
            return tokenUser.equals(parts[1]) && authzOk ? new Outcome(tokenUser, null) : new Outcome(null, "not-authorized");
        } catch (AuthException e) {
            return new Outcome(null, "not-authorized");
        }
    }
}
