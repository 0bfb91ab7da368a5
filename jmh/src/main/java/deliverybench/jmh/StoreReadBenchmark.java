package deliverybench.jmh;

import deliverybench.store.InMemoryMessageStore;
import deliverybench.store.MessageStore;
import deliverybench.store.ReadResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Reading after a seq: what every poll pays, empty (the short poll's usual answer) or with the newest message. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StoreReadBenchmark {

    private static final int USERS = 10_000;
    private MessageStore store;
    private String[] users;

    @Setup
    public void setup() {
        store = new InMemoryMessageStore(1_000);
        users = new String[USERS];
        for (int i = 0; i < USERS; i++) {
            users[i] = "user" + i;
            for (int m = 0; m < 100; m++) {
                store.append(users[i], "alice", "message " + m);
            }
        }
    }

    @Benchmark
    public int baseline() {
        return ThreadLocalRandom.current().nextInt(USERS);
    }

    @Benchmark
    public CompletionStage<ReadResult> measureReadEmptyOneInbox() {
        return store.read(users[0], 100, 100);
    }

    @Benchmark
    @Threads(2)
    public CompletionStage<ReadResult> measureReadEmptyOneInboxTwoThreads() {
        return store.read(users[0], 100, 100);
    }

    @Benchmark
    public CompletionStage<ReadResult> measureReadNewestManyInboxes() {
        return store.read(users[ThreadLocalRandom.current().nextInt(USERS)], 99, 100);
    }

    @Benchmark
    @Threads(2)
    public CompletionStage<ReadResult> measureReadNewestManyInboxesTwoThreads() {
        return store.read(users[ThreadLocalRandom.current().nextInt(USERS)], 99, 100);
    }

    @Benchmark
    public CompletionStage<ReadResult> measureReadTenManyInboxes() {
        return store.read(users[ThreadLocalRandom.current().nextInt(USERS)], 90, 100);
    }

    // java -jar jmh/target/benchmarks.jar StoreReadBenchmark
}
