package deliverybench.core.stats;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.protocol.Frames;
import deliverybench.testkit.Await;
import deliverybench.testkit.RawHttp;
import deliverybench.testkit.TcpTestClient;
import deliverybench.testkit.TestServer;
import deliverybench.testkit.WsTestClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /stats} has every counter of the contract, and bytes are what crossed the socket. */
class StatsTest {

    @Test
    void everyCounterOfTheContractIsThere() {
        try (TestServer server = new TestServer()) {
            JsonNode stats = server.stats();
            for (String strategy : new String[]{"short_poll", "long_poll", "websocket", "tcp", "send"}) {
                for (String counter : new String[]{"requests", "empty_responses", "messages_delivered", "bytes_in",
                        "bytes_out", "store_reads", "open_connections"}) {
                    assertTrue(stats.get(strategy).get(counter).isIntegralNumber(), strategy + "." + counter);
                }
            }
            for (String process : new String[]{"cpu_ns", "heap_used_bytes", "threads", "uptime_ms"}) {
                assertTrue(stats.get(process).asLong() > 0, process);
            }
        }
    }

    @Test
    void httpBytesAreTheBytesOnTheWireHeadersIncluded() throws Exception {
        try (TestServer server = new TestServer()) {
            String request = RawHttp.get("/messages?after=0", server.token("counted"));
            byte[] response;
            try (Socket socket = new Socket("127.0.0.1", server.server.httpPort())) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.shutdownOutput();
                response = readAll(socket.getInputStream());
            }
            server.awaitOpen("short_poll", 0);
            StrategyCounters shortPoll = server.server.stats().of("short_poll");
            assertEquals(request.length(), shortPoll.bytesIn());
            assertEquals(response.length, shortPoll.bytesOut());
            assertEquals(1, shortPoll.requests());
            assertEquals(1, shortPoll.emptyResponses());
            assertEquals(1, shortPoll.storeReads());
        }
    }

    @Test
    void tcpBytesIncludeFraming() throws Exception {
        try (TestServer server = new TestServer()) {
            String token = server.token("framed");
            try (TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
                client.hello(0, token);
                server.sendMessage("alice", "framed", "hi");
                client.read();
                long helloBytes = Frames.hello(0, token).remaining();
                long outBytes = Frames.welcome(0).remaining() + Frames.msg(1, "alice", "hi").remaining();
                StrategyCounters tcp = server.server.stats().of("tcp");
                awaitCount(tcp::messagesWritten, 1);
                assertEquals(helloBytes, tcp.bytesIn());
                assertEquals(outBytes, tcp.bytesOut());
                assertEquals(1, tcp.openConnections());
            }
            server.awaitOpen("tcp", 0);
        }
    }

    @Test
    void webSocketConnectionsAreCountedOpenAndClosed() throws Exception {
        try (TestServer server = new TestServer()) {
            WsTestClient client = WsTestClient.connect(server.wsUri("/ws?after=0"), server.token("ws"));
            server.sendMessage("alice", "ws", "hello");
            client.take(1, 5_000);
            StrategyCounters ws = server.server.stats().of("websocket");
            assertEquals(1, ws.openConnections());
            // The client can read the frame before the server's write callback counts it.
            awaitCount(ws::messagesWritten, 1);
            // The text frame of {"seq":1,"from":"alice","body":"hello"} is 2 header bytes + 38 payload bytes.
            assertTrue(ws.bytesOut() > 40, "bytes out " + ws.bytesOut());
            client.closeBlocking();
            server.awaitOpen("websocket", 0);
        }
    }

    @Test
    void statsShowWhatPushClientsHaveNotAcknowledged() throws Exception {
        try (TestServer server = new TestServer()) {
            WsTestClient ws = WsTestClient.connect(server.wsUri("/ws?after=0"), server.token("acker"));
            try (TcpTestClient tcp = new TcpTestClient(server.server.tcpPort())) {
                tcp.hello(0, server.token("acker"));
                for (int i = 0; i < 5; i++) {
                    server.sendMessage("alice", "acker", "m" + i);
                }
                ws.take(5, 5_000);
                for (int i = 0; i < 5; i++) {
                    tcp.read();
                }
                awaitCount(() -> server.stats().get("websocket").get("unacked_messages").asLong(), 5);
                awaitCount(() -> server.stats().get("tcp").get("unacked_messages").asLong(), 5);
                ws.send("{\"ack\": 3}");
                tcp.write(Frames.ack(5));
                awaitCount(() -> server.stats().get("websocket").get("unacked_messages").asLong(), 2);
                awaitCount(() -> server.stats().get("tcp").get("unacked_messages").asLong(), 0);
            }
            ws.closeBlocking();
        }
        try (TestServer server = new TestServer()) {
            server.sendMessage("alice", "resumer", "old");
            server.sendMessage("alice", "resumer", "new");
            WsTestClient ws = WsTestClient.connect(server.wsUri("/ws?after=1"), server.token("resumer"));
            ws.take(1, 5_000);
            // What a client resumes after, it already has: only the one message since is unacknowledged.
            awaitCount(() -> server.stats().get("websocket").get("unacked_messages").asLong(), 1);
            ws.closeBlocking();
        }
    }

    private static void awaitCount(java.util.function.LongSupplier counter, long expected) {
        Await.untilEquals(expected, counter::getAsLong, Duration.ofSeconds(5), "counter");
    }

    private static byte[] readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
