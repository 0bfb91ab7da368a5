package deliverybench.client;

import deliverybench.strategy.Strategies;
import deliverybench.testkit.CollectingDevice;
import deliverybench.testkit.TestServer;
import io.undertow.server.DefaultByteBufferPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A driver's receiver that closes leaves the server at once, while the server holds its answer: Undertow's own close
 * would keep the connection open on both sides for 10 s (it drains the answer first), and a sweep's next point would
 * run beside the last one's connections.
 */
class ReceiverCloseTest {

    // Well under the 10 s Undertow's client drains a held answer before it closes.
    private static final long GONE_WITHIN_MS = 3_000;
    private static TestServer server;
    private static XnioWorker worker;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sse", "stream", "long-poll"})
    void aClosedReceiverLeavesTheServerAtOnce(String strategy) throws Exception {
        ClientContext context = new ClientContext(worker, new DefaultByteBufferPool(false, 16 * 1024),
                URI.create("http://127.0.0.1:" + server.server.httpPort()), Map.of(), 1_000, 30, true);
        String user = "close-" + strategy;
        CollectingDevice device = new CollectingDevice();
        Receiver receiver = Strategies.byName(strategy).receiver(context, device, server.token(user), 1);
        receiver.start();
        server.sendMessage("someone", user, "hello");
        device.assertReceivedInOrder(1, strategy);
        // Its answer is held again: the next long poll, or the stream that stays open.
        server.awaitSubscribers(1);
        long closedNs = System.nanoTime();
        receiver.close();
        server.awaitSubscribers(0);
        long goneMs = (System.nanoTime() - closedNs) / 1_000_000;
        assertTrue(goneMs < GONE_WITHIN_MS, strategy + ": the server let the closed receiver go after " + goneMs + " ms");
    }
}
