package deliverybench.auth;

import deliverybench.testkit.MovableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenVerifierTest {

    private static final String SECRET = "a-secret-for-the-token-tests";
    private final TokenVerifier verifier = new TokenVerifier(SECRET);
    private final TokenMinter minter = new TokenMinter(SECRET);

    @Test
    void aMintedTokenNamesItsUser() throws AuthException {
        assertEquals("alice", verifier.verify(minter.mint("alice", Duration.ofMinutes(1))));
    }

    @Test
    void refusedTokensSayWhy() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"alice\",\"exp\":" + (Instant.now().getEpochSecond() + 60) + "}")
                .getBytes(StandardCharsets.UTF_8)) + ".";
        String noExp = com.auth0.jwt.JWT.create().withSubject("alice")
                .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(SECRET));
        String hs512 = com.auth0.jwt.JWT.create().withSubject("alice").withExpiresAt(Instant.now().plusSeconds(60))
                .sign(com.auth0.jwt.algorithms.Algorithm.HMAC512(SECRET));
        assertEquals("missing token", assertThrows(AuthException.class, () -> verifier.verify(null)).getMessage());
        assertEquals("token expired", assertThrows(AuthException.class,
                () -> verifier.verify(minter.mintUnchecked("alice", Instant.now().minusSeconds(5)))).getMessage());
        assertEquals("bad token signature", assertThrows(AuthException.class,
                () -> verifier.verify(new TokenMinter("another-secret").mint("alice", Duration.ofMinutes(1)))).getMessage());
        assertEquals("token alg must be HS256", assertThrows(AuthException.class, () -> verifier.verify(none)).getMessage());
        assertEquals("token alg must be HS256", assertThrows(AuthException.class, () -> verifier.verify(hs512)).getMessage());
        assertThrows(AuthException.class, () -> verifier.verify(noExp));
        assertThrows(AuthException.class, () -> verifier.verify("a.b.c"));
        assertEquals("token sub is not a valid user id", assertThrows(AuthException.class,
                () -> verifier.verify(minter.mintUnchecked("no spaces allowed", Instant.now().plusSeconds(60)))).getMessage());
    }

    /** A remembered token still expires: the memory keeps its exp and honours it. */
    @Test
    void aRememberedTokenIsRefusedOnceExpired() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        TokenVerifier verifier = new TokenVerifier(SECRET, clock);
        String shortLived = new TokenMinter(SECRET, clock).mint("alice", Duration.ofSeconds(2));
        assertEquals("alice", verifier.verify(shortLived));
        clock.advance(Duration.ofMillis(1_999));
        assertEquals("alice", verifier.verify(shortLived), "remembered, and not yet expired");
        clock.advance(Duration.ofMillis(1));
        assertEquals("token expired", assertThrows(AuthException.class, () -> verifier.verify(shortLived)).getMessage());
        assertEquals("token expired", assertThrows(AuthException.class, () -> verifier.verify(shortLived)).getMessage(),
                "and stays refused");
    }

    /** A verifier that never saw the token refuses it by the same clock (the JWT library's check, not the memory's). */
    @Test
    void anUnrememberedTokenExpiresByTheVerifiersClock() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        String token = new TokenMinter(SECRET, clock).mint("alice", Duration.ofSeconds(60));
        assertEquals("alice", new TokenVerifier(SECRET, clock).verify(token));
        clock.advance(Duration.ofSeconds(61));
        assertEquals("token expired", assertThrows(AuthException.class,
                () -> new TokenVerifier(SECRET, clock).verify(token)).getMessage());
    }

    /** Only a token that verified is remembered: a forged one is refused every time. */
    @Test
    void aRefusedTokenIsNeverRemembered() {
        TokenVerifier verifier = new TokenVerifier(SECRET);
        String forged = new TokenMinter("another-secret").mint("alice", Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            assertEquals("bad token signature", assertThrows(AuthException.class, () -> verifier.verify(forged)).getMessage());
        }
    }

    /** A push handshake's token is checked as strictly and not remembered; one already remembered is still used. */
    @Test
    void aConnectionsTokenIsVerifiedWithoutBeingRemembered() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        TokenVerifier verifier = new TokenVerifier(SECRET, clock);
        TokenMinter minter = new TokenMinter(SECRET, clock);
        String alice = minter.mint("alice", Duration.ofSeconds(2));
        assertEquals("alice", verifier.verifyOnConnect(alice));
        assertEquals(0, verifier.remembered());
        assertEquals("bad token signature", assertThrows(AuthException.class, () -> verifier.verifyOnConnect(
                new TokenMinter("another-secret").mint("alice", Duration.ofMinutes(1)))).getMessage());
        assertEquals("missing token", assertThrows(AuthException.class, () -> verifier.verifyOnConnect("")).getMessage());
        assertEquals("alice", verifier.verify(alice));
        assertEquals(1, verifier.remembered(), "a poll's or a send's token is remembered");
        assertEquals("alice", verifier.verifyOnConnect(alice));
        clock.advance(Duration.ofSeconds(2));
        assertEquals("token expired", assertThrows(AuthException.class, () -> verifier.verifyOnConnect(alice)).getMessage());
        assertEquals("bob", verifier.verifyOnConnect(minter.mint("bob", Duration.ofMinutes(1))));
        assertEquals(0, verifier.remembered(), "the expired one is forgotten, bob never remembered");
    }

    @Test
    void bearerHeaderParsing() {
        assertEquals("abc", TokenVerifier.bearerToken("Bearer abc"));
        assertEquals("abc", TokenVerifier.bearerToken("bearer abc"));
        assertNull(TokenVerifier.bearerToken("Basic abc"));
        assertNull(TokenVerifier.bearerToken(null));
    }
}
