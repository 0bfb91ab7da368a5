package deliverybench.jmh;

import deliverybench.auth.AuthException;
import deliverybench.auth.TokenMinter;
import deliverybench.auth.TokenVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Verifying a JWT: what polling pays on every request and push pays once per connection. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TokenBenchmark {

    private TokenVerifier verifier;
    private String token;
    private String[] fresh;
    private int cursor;

    @Setup
    public void setup() {
        String secret = TokenMinter.randomSecret();
        verifier = new TokenVerifier(secret);
        TokenMinter minter = new TokenMinter(secret);
        token = minter.mint("alice", Duration.ofHours(1));
        fresh = new String[200_000];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = minter.mint("u" + i, Duration.ofHours(1));
        }
    }

    @Benchmark
    public String baseline() {
        return TokenVerifier.bearerToken("Bearer " + token);
    }

    /** A token seen before: what a poll pays from its second request on. */
    @Benchmark
    public String measureVerify() throws AuthException {
        return verifier.verify(TokenVerifier.bearerToken("Bearer " + token));
    }

    /**
     * A token not remembered: the HMAC and the JSON decoding, what every request paid before tokens
     * were remembered. 200,000 distinct tokens in turn: the memory (100,000 at most) never holds the next.
     */
    @Benchmark
    public String measureVerifyFirstTime() throws AuthException {
        String next = fresh[cursor];
        cursor = (cursor + 1) % fresh.length;
        return verifier.verify(TokenVerifier.bearerToken("Bearer " + next));
    }

    // java -jar jmh/target/benchmarks.jar TokenBenchmark
}
