package deliverybench.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a JWT as the contract says: HS256 with the server's secret, a valid {@code sub}, an unexpired
 * {@code exp}. A token verified once is remembered, by its exact text, until its {@code exp}: a poll
 * that sends the same token every second pays the HMAC once (TokenBenchmark: about 3.4 us against 0.1).
 */
public final class TokenVerifier {

    /** The longest token looked at; a token here is about 150 characters, and a longer one is refused unparsed. */
    public static final int MAX_TOKEN_CHARS = 4_096;

    /** The most tokens remembered; past it the memory starts again empty (a bound, not an LRU). */
    static final int CACHE_MAX = 100_000;
    /** The longest token remembered: a JWT of ours is about 150 characters. */
    private static final int CACHE_MAX_TOKEN_CHARS = 1_024;

    /** A verified token: whose it is, and until when (ms since the epoch). */
    private record Verified(String user, long expiresAtMs) {
    }

    private final JWTVerifier verifier;
    private final Clock clock;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    public TokenVerifier(String secret) {
        this(secret, Clock.systemUTC());
    }

    /** With the clock that decides expiry, both the JWT's and the memory's: a test moves it instead of sleeping. */
    public TokenVerifier(String secret, Clock clock) {
        this.clock = clock;
        // The verifier is bound to HS256: a token whose header names another alg, "none" included, is refused.
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(Algorithm.HMAC256(secret))
                .withClaimPresence("exp").withClaimPresence("sub")).build(clock);
    }

    /** Returns the user id the token was issued to, or throws with the reason it was refused. */
    public String verify(String token) throws AuthException {
        return verify(token, true);
    }

    /**
     * As {@link #verify}, for a push connection's handshake: a token not already remembered is verified and not
     * remembered. A connection shows its token once, and remembering it (the token, its entry and the record: about
     * 250 bytes) kept that much of every held connection's heap for a lookup that seldom comes; a poll's token, shown
     * on every poll, is remembered.
     */
    public String verifyOnConnect(String token) throws AuthException {
        return verify(token, false);
    }

    private String verify(String token, boolean remember) throws AuthException {
        if (token == null || token.isEmpty()) {
            throw new AuthException("missing token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new AuthException("token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        Verified known = verified.get(token);
        if (known != null) {
            if (clock.millis() < known.expiresAtMs()) {
                return known.user();
            }
            verified.remove(token);
            throw new AuthException("token expired");
        }
        return verifyOnce(token, remember);
    }

    private String verifyOnce(String token, boolean remember) throws AuthException {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw new AuthException("token expired");
        } catch (AlgorithmMismatchException e) {
            throw new AuthException("token alg must be HS256");
        } catch (SignatureVerificationException e) {
            throw new AuthException("bad token signature");
        } catch (JWTDecodeException e) {
            throw new AuthException("malformed token");
        } catch (JWTVerificationException e) {
            throw new AuthException("token refused: " + e.getMessage());
        }
        String user = jwt.getSubject();
        if (!UserIds.isValid(user)) {
            throw new AuthException("token sub is not a valid user id");
        }
        if (remember && token.length() <= CACHE_MAX_TOKEN_CHARS && jwt.getExpiresAtAsInstant() != null) {
            if (verified.size() >= CACHE_MAX) {
                verified.clear();
            }
            verified.put(token, new Verified(user, jwt.getExpiresAtAsInstant().toEpochMilli()));
        }
        return user;
    }

    /** How many tokens are remembered now. */
    int remembered() {
        return verified.size();
    }

    /** Takes the token out of an {@code Authorization: Bearer <token>} header value; null when absent. */
    public static String bearerToken(String authorizationHeader) {
        if (authorizationHeader == null) {
            return null;
        }
        String prefix = "Bearer ";
        if (!authorizationHeader.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        return authorizationHeader.substring(prefix.length()).trim();
    }
}
