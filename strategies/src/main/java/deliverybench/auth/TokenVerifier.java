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

/** Checks a JWT as the contract says: HS256 with the server's secret, a valid {@code sub}, an unexpired {@code exp}. */
public final class TokenVerifier {

    /** The longest token looked at; a token here is about 150 characters, and a longer one is refused unparsed. */
    public static final int MAX_TOKEN_CHARS = 4_096;

    private final JWTVerifier verifier;

    public TokenVerifier(String secret) {
        // The verifier is bound to HS256: a token whose header names another alg, "none" included, is refused.
        this.verifier = JWT.require(Algorithm.HMAC256(secret)).withClaimPresence("exp").withClaimPresence("sub").build();
    }

    /** Returns the user id the token was issued to, or throws with the reason it was refused. */
    public String verify(String token) throws AuthException {
        if (token == null || token.isEmpty()) {
            throw new AuthException("missing token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new AuthException("token longer than " + MAX_TOKEN_CHARS + " characters");
        }
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
        return user;
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
