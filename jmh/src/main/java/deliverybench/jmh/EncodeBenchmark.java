package deliverybench.jmh;

import deliverybench.protocol.FrameDecoder;
import deliverybench.protocol.FrameException;
import deliverybench.protocol.Frames;
import deliverybench.core.JsonCodec;
import deliverybench.store.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Encoding what goes on the wire: a poll answer with 0, 1 or 10 messages, one WebSocket message, one TCP frame. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EncodeBenchmark {

    @Param({"0", "1", "10"})
    public int messages;

    private static final long EPOCH = 4_503_599_627_370_495L;
    private List<Message> answer;
    private Message one;
    private ByteBuffer frame;
    private FrameDecoder decoder;

    @Setup
    public void setup() {
        String body = "1234567890123:1234567999999:" + "x".repeat(36);
        answer = new ArrayList<>();
        for (int i = 1; i <= messages; i++) {
            answer.add(new Message(i, "alice", body));
        }
        one = new Message(17, "alice", body);
        frame = Frames.msg(one.seq(), one.from(), one.body());
        decoder = new FrameDecoder();
    }

    @Benchmark
    public Message baseline() {
        return one;
    }

    @Benchmark
    public byte[] measurePollResponse() {
        return JsonCodec.pollResponse(answer, messages, EPOCH);
    }

    @Benchmark
    public byte[] measureWebSocketMessage() {
        return JsonCodec.message(one);
    }

    @Benchmark
    public ByteBuffer measureTcpFrameEncode() {
        return Frames.msg(one.seq(), one.from(), one.body());
    }

    @Benchmark
    public void measureTcpFrameDecode(Blackhole hole) throws FrameException {
        decoder.readTarget().put(frame.duplicate());
        decoder.decode((type, payload) -> hole.consume(payload.getLong()));
    }

    // java -jar jmh/target/benchmarks.jar EncodeBenchmark -p messages=10
}
