package deliverybench.testkit;

import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.strategy.Strategy;
import io.undertow.server.DefaultByteBufferPool;
import org.xnio.XnioWorker;

import java.net.URI;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A device that keeps every seq it is handed, resuming after the highest; a test asserts what it got. */
public final class CollectingDevice implements ReceivingDevice {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<Long> seqs = new ArrayList<>();
    private long epoch;

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

    public synchronized int count() {
        return seqs.size();
    }

    /** Waits (20 s at most) for {@code count} messages, then asserts they are seq 1 to count, in order, once each. */
    public void assertReceivedInOrder(int count, String what) throws InterruptedException {
        Await.until(() -> count() >= count, WAIT, () -> what + " received " + count() + " of " + count);
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= count; seq++) {
            expected.add(seq);
        }
        synchronized (this) {
            assertEquals(expected, seqs, what);
        }
    }

    /**
     * Connects zoe's receiver of {@code strategy} to {@code receivingServer} on the worker, sends
     * {@code count} messages through {@code sendingServer}, drops the connection halfway, and asserts
     * that every one arrived once, in order.
     */
    public static void receivesEverySendAcrossADrop(Strategy strategy, XnioWorker worker, TestServer receivingServer,
                                             TestServer sendingServer, int count, String what) throws InterruptedException {
        Map<String, Integer> ports = new LinkedHashMap<>(receivingServer.server.ports());
        ports.remove("http");
        ClientContext context = new ClientContext(worker, new DefaultByteBufferPool(false, 16 * 1024),
                URI.create("http://127.0.0.1:" + receivingServer.server.httpPort()), ports, 50, 5, true);
        receivesEverySendAcrossADrop(strategy, context, receivingServer.token("zoe"),
                i -> sendingServer.sendMessage("sender", "zoe", "m" + i), count, what);
    }

    /** The same, with the clients' context (TLS, say) and the way to send message {@code i} to zoe given. */
    public static void receivesEverySendAcrossADrop(Strategy strategy, ClientContext context, String zoesToken,
                                             java.util.function.IntConsumer sendToZoe, int count, String what)
            throws InterruptedException {
        CollectingDevice device = new CollectingDevice();
        Receiver receiver = strategy.receiver(context, device, zoesToken, 1);
        long connectedBefore = context.connected();
        receiver.start();
        try {
            Await.until(() -> context.connected() == connectedBefore + 1, WAIT, "connected");
            for (int i = 1; i <= count; i++) {
                sendToZoe.accept(i);
                if (i == count / 2) {
                    receiver.drop();
                }
            }
            device.assertReceivedInOrder(count, what);
        } finally {
            receiver.close();
        }
    }

}
