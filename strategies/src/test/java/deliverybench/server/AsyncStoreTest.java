package deliverybench.server;

import deliverybench.client.ClientContext;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


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
            CollectingDevice device = new CollectingDevice();
            Receiver receiver = strategy.receiver(context, device, server.token("zoe"), 1);
            receiver.start();
            try {
                CollectingDevice.await(() -> context.connected() == 1, "connected");
                for (int i = 1; i <= count; i++) {
                    server.sendMessage("sender", "zoe", "m" + i);
                    if (i == count / 2) {
                        receiver.drop();
                    }
                }
                device.assertReceivedInOrder(count, name);
            } finally {
                receiver.close();
            }
        }
    }
}
