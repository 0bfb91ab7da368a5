package deliverybench.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/** Makes the tokens the server accepts: HS256 with {@code sub} and {@code exp}. Used by the driver and the tests. */
public final class TokenMinter {

    private final Algorithm algorithm;
    private final Clock clock;

    public TokenMinter(String secret) {
        this(secret, Clock.systemUTC());
    }

    /** With the clock a token's validity starts from: a test passes the one its verifier reads. */
    public TokenMinter(String secret, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.clock = clock;
    }

    public String mint(String user, Duration validFor) {
        if (!UserIds.isValid(user)) {
            throw new IllegalArgumentException("not a valid user id: " + user);
        }
        return mintUnchecked(user, clock.instant().plus(validFor));
    }

    /** Mints with any subject and expiry, so that tests can make tokens the server must refuse. */
    public String mintUnchecked(String subject, Instant expiresAt) {
        return JWT.create().withSubject(subject).withExpiresAt(expiresAt).sign(algorithm);
    }

    /** A fresh random secret: 32 bytes from a SecureRandom, as hex. */
    public static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
