package deliverybench.jmh;

import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** Recording one latency into an HdrHistogram Recorder: what the driver pays per delivered message, twice. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RecorderBenchmark {

    private final Recorder recorder = new Recorder(3);
    private long value = 1_234_567;

    @Benchmark
    public long baseline() {
        return value += 7_919;
    }

    @Benchmark
    public void measureRecord() {
        recorder.recordValue((value += 7_919) & 0xFFFFFFF);
    }

    @Benchmark
    @Threads(2)
    public void measureRecordTwoThreads() {
        recorder.recordValue((value += 7_919) & 0xFFFFFFF);
    }

    // java -jar jmh/target/benchmarks.jar RecorderBenchmark
}
