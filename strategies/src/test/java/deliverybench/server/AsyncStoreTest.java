package deliverybench.server;

import deliverybench.client.ClientContext;
import deliverybench.client.Device;
import deliverybench.client.Receiver;
import deliverybench.core.ServerConfig;
import deliverybench.core.WakeMode;
import deliverybench.store.DelayedStore;
import deliverybench.store.InMemoryMessageStore;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import io.undertow.server.DefaultByteBufferPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every registered strategy, server and client both, delivers everything in order when the store
 * answers later on a thread of its own (as a store in Redis does), not at once on the caller's.
 */
class AsyncStoreTest {

    private static XnioWorker worker;

    @BeforeAll
    static void startWorker() throws Exception {
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 2));
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    static List<String> strategies() {
        return Strategies.names();
    }

    /** A device that keeps every seq it is handed, resuming after the highest. */
    private static final class Collected implements Device {
        final List<Long> seqs = new ArrayList<>();
        long epoch;

        @Override
        public synchronized long resumeAfter() {
            return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
        }

        @Override
        public synchronized long epoch() {
            return epoch;
        }

        @Override
        public synchronized void epoch(long serverEpoch) {
            epoch = serverEpoch > 0 ? serverEpoch : epoch;
        }

        @Override
        public void gone(long after, long serverEpoch) {
            throw new AssertionError("told gone after " + after);
        }

        @Override
        public synchronized void deliver(long seq, String body) {
            seqs.add(seq);
        }

        synchronized int count() {
            return seqs.size();
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void everyStrategyDeliversInOrderWhenTheStoreAnswersLater(String name) throws Exception {
        Strategy strategy = Strategies.byName(name);
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET);
        if (strategy.serverArgs().contains("scan")) {
            config = config.withWakeMode(WakeMode.SCAN, 20);
        }
        int count = 200;
        try (DelayedStore store = new DelayedStore(new InMemoryMessageStore(), 2);
             TestServer server = new TestServer(DeliveryServer.start(config, Strategies.all(), store))) {
            Map<String, Integer> ports = new LinkedHashMap<>(server.server.ports());
            ports.remove("http");
            ClientContext context = new ClientContext(worker, new DefaultByteBufferPool(false, 16 * 1024),
                    URI.create("http://127.0.0.1:" + server.server.httpPort()), ports, 50, 5, true);
            Collected device = new Collected();
            Receiver receiver = strategy.receiver(context, device, server.token("zoe"), 1);
            receiver.start();
            try {
                await(() -> context.connected() == 1, "connected");
                for (int i = 1; i <= count; i++) {
                    server.sendMessage("sender", "zoe", "m" + i);
                    if (i == count / 2) {
                        receiver.drop();
                    }
                }
                await(() -> device.count() >= count, name + " received " + device.count() + " of " + count);
                List<Long> expected = new ArrayList<>();
                for (long seq = 1; seq <= count; seq++) {
                    expected.add(seq);
                }
                assertEquals(expected, device.seqs, name);
            } finally {
                receiver.close();
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 20 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
