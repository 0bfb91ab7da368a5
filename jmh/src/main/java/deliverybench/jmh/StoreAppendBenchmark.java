package deliverybench.jmh;

import deliverybench.store.InMemoryMessageStore;
import deliverybench.store.MessageStore;
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

/** Appending to the store: into one inbox (contended by two threads) and across many inboxes. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StoreAppendBenchmark {

    private static final int USERS = 10_000;
    private MessageStore store;
    private String[] users;

    @Setup
    public void setup() {
        store = new InMemoryMessageStore(1_000);
        users = new String[USERS];
        for (int i = 0; i < USERS; i++) {
            users[i] = "user" + i;
            store.append(users[i], "warm", "x");
        }
    }

    @Benchmark
    public int baseline() {
        return ThreadLocalRandom.current().nextInt(USERS);
    }

    @Benchmark
    public CompletionStage<Long> measureAppendOneInbox() {
        return store.append("hot", "alice", "a 64-byte body, about what the default run sends in a message..");
    }

    @Benchmark
    @Threads(2)
    public CompletionStage<Long> measureAppendOneInboxTwoThreads() {
        return store.append("hot", "alice", "a 64-byte body, about what the default run sends in a message..");
    }

    @Benchmark
    public CompletionStage<Long> measureAppendManyInboxes() {
        return store.append(users[ThreadLocalRandom.current().nextInt(USERS)], "alice", "a 64-byte body, about what the default run sends..");
    }

    @Benchmark
    @Threads(2)
    public CompletionStage<Long> measureAppendManyInboxesTwoThreads() {
        return store.append(users[ThreadLocalRandom.current().nextInt(USERS)], "alice", "a 64-byte body, about what the default run sends..");
    }

    // java -jar jmh/target/benchmarks.jar StoreAppendBenchmark
}
