package deliverybench.server;

import deliverybench.core.ServerConfig;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;
import deliverybench.testkit.Await;
import deliverybench.testkit.TcpTestClient;
import deliverybench.testkit.TestServer;
import deliverybench.testkit.WsTestClient;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No one reads another's inbox on any strategy; devices per user are capped; a slow-headers client is cut off. */
class SecurityTest {

    @Test
    void aTokenReadsOnlyItsOwnInboxOnEveryStrategy() throws Exception {
        try (TestServer server = new TestServer()) {
            server.sendMessage("alice", "bob", "for bob only");
            server.sendMessage("alice", "mallory", "for mallory");
            String mallory = server.token("mallory");
            assertEquals("{\"messages\":[{\"seq\":1,\"from\":\"alice\",\"body\":\"for mallory\"}],\"next\":1,\"epoch\":"
                    + server.server.store().epoch() + "}",
                    server.get("/messages?after=0", mallory).body());
            assertEquals("{\"messages\":[{\"seq\":1,\"from\":\"alice\",\"body\":\"for mallory\"}],\"next\":1,\"epoch\":"
                    + server.server.store().epoch() + "}",
                    server.get("/messages?after=0&wait=1", mallory).body());
            WsTestClient ws = WsTestClient.connect(server.wsUri("/ws?after=0"), mallory);
            assertEquals("for mallory", ws.take(1, 5_000).get(0).get("body").asText());
            try (TcpTestClient tcp = new TcpTestClient(server.server.tcpPort())) {
                assertEquals(1, tcp.hello(0, mallory), "WELCOME names mallory's inbox, not bob's");
                assertEquals("for mallory", tcp.read().msgBody());
                server.sendMessage("alice", "bob", "another for bob");
                server.sendMessage("alice", "mallory", "second for mallory");
                assertEquals("second for mallory", tcp.read().msgBody());
                assertEquals("second for mallory", ws.take(1, 5_000).get(0).get("body").asText());
            }
            ws.closeBlocking();
        }
    }

    @Test
    void pushConnectionsPerUserAreCapped() throws Exception {
        try (TestServer server = new TestServer(ServerConfig.forTests(TestServer.SECRET).withMaxDevices(2))) {
            String token = server.token("many");
            WsTestClient first = WsTestClient.connect(server.wsUri("/ws?after=0"), token);
            try (TcpTestClient second = new TcpTestClient(server.server.tcpPort())) {
                second.hello(0, token);
                WsTestClient third = WsTestClient.connect(server.wsUri("/ws?after=0"), token);
                assertEquals(1008, third.awaitClose(5_000));
                assertTrue(third.closeReason.contains("too many devices"), third.closeReason);
                try (TcpTestClient fourth = new TcpTestClient(server.server.tcpPort())) {
                    fourth.write(Frames.hello(0, token));
                    TcpTestClient.Frame refused = fourth.read();
                    assertEquals(FrameType.ERROR, refused.type());
                    assertEquals(429, refused.errorCode(), refused.errorText());
                }
                // Another user is not affected, and a freed place can be taken again.
                WsTestClient other = WsTestClient.connect(server.wsUri("/ws?after=0"), server.token("other"));
                assertTrue(other.isOpen());
                first.closeBlocking();
                WsTestClient[] taken = new WsTestClient[1];
                // The server may not have noticed the close yet: then it opens and at once closes 1008.
                Await.untilProbe(() -> !refusedSoon(taken[0] = WsTestClient.connect(server.wsUri("/ws?after=0"), token)),
                        Duration.ofSeconds(5), "the freed device place was not given again");
                WsTestClient again = taken[0];
                server.sendMessage("alice", "many", "hello again");
                assertEquals("hello again", again.take(1, 5_000).get(0).get("body").asText());
                other.closeBlocking();
                again.closeBlocking();
            }
        }
    }

    private static boolean refusedSoon(WsTestClient client) {
        try {
            client.closeCode.get(300, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aClientThatTricklesItsHeadersIsCutOff() throws Exception {
        try (TestServer server = new TestServer(); Socket slowloris = new Socket("127.0.0.1", server.server.httpPort())) {
            slowloris.setSoTimeout(20_000);
            long start = System.nanoTime();
            slowloris.getOutputStream().write("GET /messages?after=0 HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = slowloris.getInputStream();
            boolean closed = false;
            // One header byte a second, never finishing; the server must end it at its parse timeout.
            for (int i = 0; i < 20 && !closed; i++) {
                try {
                    slowloris.getOutputStream().write('X');
                    slowloris.setSoTimeout(1_000);
                    closed = in.read() < 0;
                } catch (java.net.SocketTimeoutException e) {
                    // still open: keep trickling
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
            long heldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(closed, "the server kept a trickling client for " + heldMs + " ms");
            assertTrue(heldMs < 15_000, "cut off after " + heldMs + " ms");
            assertEquals(200, server.get("/health", null).statusCode());
        }
    }
}
