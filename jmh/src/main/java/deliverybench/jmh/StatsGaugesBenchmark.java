package deliverybench.jmh;

import deliverybench.core.push.ConnectionRegistry;
import deliverybench.core.limits.PushLimits;
import deliverybench.core.push.PushSession;
import deliverybench.core.push.PushTransport;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.store.InMemoryMessageStore;
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
import org.xnio.XnioIoThread;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The queued and unacked gauges of {@code /stats} over 10,000 push connections: one pass for every
 * gauge and key at once against a pass per gauge and key, as {@code /stats} did (7 keys queued, 2 unacked).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StatsGaugesBenchmark {

    private static final int PASSES_PER_KEY = 9;

    @Param("10000")
    public int connections;

    private ConnectionRegistry registry;
    // The registry's own layout, user -> sessions, walked the way /stats walked it before.
    private final ConcurrentHashMap<String, Set<PushSession<?>>> byUser = new ConcurrentHashMap<>();
    private StrategyCounters websocket;

    @Setup
    public void setup() {
        registry = new ConnectionRegistry(1);
        websocket = new StrategyCounters();
        StrategyCounters tcp = new StrategyCounters();
        InMemoryMessageStore store = new InMemoryMessageStore();
        for (int i = 0; i < connections; i++) {
            PushSession<?> session = new PushSession<>(store, "u" + i, new Idle(), PushLimits.DEFAULT,
                    i % 2 == 0 ? websocket : tcp);
            registry.add(session);
            byUser.computeIfAbsent(session.user(), u -> ConcurrentHashMap.newKeySet()).add(session);
        }
    }

    /** A pass per gauge and key: what {@code /stats} did on an I/O thread every second. */
    @Benchmark
    public long baseline() {
        long total = 0;
        for (int pass = 0; pass < PASSES_PER_KEY; pass++) {
            for (Set<PushSession<?>> sessions : byUser.values()) {
                for (PushSession<?> session : sessions) {
                    if (session.counters() == websocket) {
                        total += session.queued();
                    }
                }
            }
        }
        return total;
    }

    /** One pass for every gauge and key. */
    @Benchmark
    public long measureOnePass() {
        ConnectionRegistry.Gauges gauges = registry.gauges();
        return gauges.queued(websocket) + gauges.unacked(websocket);
    }

    /** A connection that is never written to: the passes read its counts only. */
    private static final class Idle implements PushTransport<Message> {
        @Override
        public XnioIoThread ioThread() {
            throw new UnsupportedOperationException("never delivered to");
        }

        @Override
        public Message encode(Message message) {
            return message;
        }

        @Override
        public int size(Message encoded) {
            return 1;
        }

        @Override
        public void write(Message encoded, Runnable written) {
            written.run();
        }

        @Override
        public void closeOverflow(String reason) {
        }

        @Override
        public void closeGone(long oldestSeq) {
        }
    }

    // java -jar jmh/target/benchmarks.jar StatsGaugesBenchmark
}
