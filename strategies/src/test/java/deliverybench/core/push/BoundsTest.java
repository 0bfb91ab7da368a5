package deliverybench.core.push;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.ServerConfig;
import deliverybench.core.limits.PushLimits;
import deliverybench.protocol.FrameType;
import deliverybench.testkit.TcpTestClient;
import deliverybench.testkit.TestServer;
import deliverybench.testkit.WsTestClient;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reader slower than its messages is cut off at its queue's bound, the heap stays flat, and a resume loses nothing. */
class BoundsTest {

    private static final PushLimits SMALL = new PushLimits(200, 256 * 1024);
    private static final String BODY = "x".repeat(1_000);
    private static final int MESSAGES = 20_000;

    private static ServerConfig config() {
        return ServerConfig.forTests(TestServer.SECRET).withRetention(50_000).withPushLimits(SMALL);
    }

    @Test
    void aSlowTcpReaderIsCutOffWith503AndAResumeGetsTheRest() throws Exception {
        try (TestServer server = new TestServer(config())) {
            TcpTestClient slow = slowTcpClient(server);
            slow.hello(0, server.token("slow"));
            for (int i = 0; i < MESSAGES; i++) {
                server.server.store().append("slow", "alice", BODY);
            }
            long last = 0;
            TcpTestClient.Frame frame;
            while ((frame = slow.read()).type() == FrameType.MSG) {
                assertEquals(last + 1, frame.msgSeq(), "seq order");
                last = frame.msgSeq();
            }
            assertEquals(503, frame.errorCode(), frame.errorText());
            assertTrue(last < MESSAGES, "cut off after " + last);
            slow.close();
            try (TcpTestClient resumed = new TcpTestClient(server.server.tcpPort())) {
                assertEquals(MESSAGES, resumed.hello(last, server.token("slow")));
                for (long seq = last + 1; seq <= MESSAGES; seq++) {
                    assertEquals(seq, resumed.read().msgSeq());
                }
            }
        }
    }

    @Test
    void aSlowWebSocketReaderIsCutOffWith1013AndAResumeGetsTheRest() throws Exception {
        try (TestServer server = new TestServer(config())) {
            CountDownLatch reading = new CountDownLatch(1);
            WsTestClient slow = new WsTestClient(server.wsUri("/ws?after=0"), Map.of("Authorization", "Bearer " + server.token("slow"))) {
                @Override
                public void onMessage(String message) {
                    try {
                        reading.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    super.onMessage(message);
                }
            };
            slow.connectBlocking(5, TimeUnit.SECONDS);
            // Following live messages, not catching up: a catch-up is paced by the reader and never overflows.
            server.awaitSubscribers(1);
            for (int i = 0; i < MESSAGES; i++) {
                server.server.store().append("slow", "alice", BODY);
            }
            // The overflow happened while the client read nothing. Let it read now: the 1013 close frame may
            // still be queued behind frames the full socket did not take, and the server cuts the connection
            // 2 s after its close frame whether or not that frame left.
            reading.countDown();
            assertEquals(1013, slow.awaitClose(10_000));
            server.awaitOpen("websocket", 0); // the slow WebSocket is cut off
            long last = 0;
            for (JsonNode message : slow.messages) {
                assertEquals(last + 1, message.get("seq").asLong());
                last = message.get("seq").asLong();
            }
            assertTrue(last < MESSAGES, "cut off after " + last);
            WsTestClient resumed = WsTestClient.connect(server.wsUri("/ws?after=" + last), server.token("slow"));
            List<JsonNode> rest = resumed.take((int) (MESSAGES - last), 20_000);
            assertEquals(last + 1, rest.get(0).get("seq").asLong());
            assertEquals(MESSAGES, rest.get(rest.size() - 1).get("seq").asLong());
            resumed.closeBlocking();
        }
    }

    @Test
    void tenSlowReadersDoNotGrowTheHeapBeyondTheirBounds() throws Exception {
        try (TestServer server = new TestServer(config())) {
            long before = heapAfterGc();
            List<TcpTestClient> slow = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                TcpTestClient client = slowTcpClient(server);
                client.hello(0, server.token("slow"));
                slow.add(client);
            }
            for (int i = 0; i < MESSAGES; i++) {
                server.server.store().append("slow", "alice", BODY);
            }
            long grew = heapAfterGc() - before;
            // The store holds 20 MB of bodies; unbounded queues would add 10 x 20 MB more.
            long storeBytes = (long) MESSAGES * BODY.length() * 2;
            assertTrue(grew < storeBytes + 10 * SMALL.maxBytes() + 32_000_000L,
                    "heap grew " + grew / 1_000_000 + " MB with ten slow readers");
            server.awaitOpen("tcp", 0); // slow readers are cut off
            for (TcpTestClient client : slow) {
                client.close();
            }
        }
    }

    private static TcpTestClient slowTcpClient(TestServer server) throws Exception {
        // A small receive window so that the kernel's buffers do not hide the slowness.
        return new TcpTestClient(server.server.tcpPort(), 4_096);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
