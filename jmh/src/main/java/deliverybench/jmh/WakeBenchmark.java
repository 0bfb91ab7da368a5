package deliverybench.jmh;

import deliverybench.store.InMemoryMessageStore;
import deliverybench.store.MessageStore;
import deliverybench.store.ReadResult;
import deliverybench.store.Subscriber;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Waking one held long poll: notify (register a one-shot waiter, then the append hands it the
 * message) against scan (one re-read of an empty inbox, paid by every held request on every tick).
 * A scan-mode request held for {@code wait} seconds at a 100 ms interval pays {@code 10 * wait} of those.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class WakeBenchmark {

    private MessageStore store;
    private long highest;

    @Setup
    public void setup() {
        store = new InMemoryMessageStore(1_000);
        store.append("bob", "alice", "first");
        highest = 1;
    }

    @Benchmark
    public long baseline() {
        return highest;
    }

    @Benchmark
    public void measureNotifyWake(Blackhole hole) {
        Subscriber waiter = message -> {
            hole.consume(message);
            return false;
        };
        hole.consume(store.readOrWait("bob", highest, 100, waiter));
        highest = store.append("bob", "alice", "wake").toCompletableFuture().join();
    }

    @Benchmark
    public CompletionStage<ReadResult> measureScanTick() {
        return store.read("bob", highest, 100);
    }

    // java -jar jmh/target/benchmarks.jar WakeBenchmark
}
