package deliverybench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.core.JsonCodec;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reading a {@code POST /messages} body: the streaming parser the server uses against binding the
 * body to a {@code Map}, as it once did. The body is the driver's: one recipient, a 64-byte payload.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SendBodyBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private byte[] body;

    @Setup
    public void setup() {
        body = ("{\"to\":\"u123\",\"body\":\"" + "x".repeat(64) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** What the server does: Jackson's streaming parser, fields checked as they come. */
    @Benchmark
    public JsonCodec.SendRequest measureStreaming() throws JsonCodec.BadBody {
        return JsonCodec.parseSend(body);
    }

    /** What it did before: the whole body bound to a {@code Map}, without the checks. */
    @Benchmark
    public Map<?, ?> measureMap() throws IOException {
        return JSON.readValue(body, Map.class);
    }
}
