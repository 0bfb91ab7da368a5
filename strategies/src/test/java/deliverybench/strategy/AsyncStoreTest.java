package deliverybench.strategy;

import deliverybench.core.ServerConfig;
import deliverybench.core.WakeMode;
import deliverybench.server.DeliveryServer;
import deliverybench.store.InMemoryMessageStore;
import deliverybench.testkit.CollectingDevice;
import deliverybench.testkit.DelayedStore;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.util.List;


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
            CollectingDevice.receivesEverySendAcrossADrop(strategy, worker, server, server, count, name);
        }
    }
}
