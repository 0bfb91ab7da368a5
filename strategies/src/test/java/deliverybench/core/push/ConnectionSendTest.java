package deliverybench.core.push;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;
import deliverybench.testkit.TcpTestClient;
import deliverybench.testkit.TestServer;
import deliverybench.testkit.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sending over the push connection (contract v3), from clients the project did not write: Java-WebSocket
 * and a plain socket. The connection's token is the sender; the checks are POST's; the answers go by id.
 */
class ConnectionSendTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode lastMessage(String user) {
        JsonNode messages = TestServer.parse(server.get("/messages?after=0", server.token(user)).body()).get("messages");
        return messages.get(messages.size() - 1);
    }

    @Test
    void aWebSocketSendIsStoredAndAnsweredByIdAndCountedUnderSend() throws Exception {
        StrategyCounters send = server.server.stats().of("send");
        long requestsBefore = send.requests();
        long bytesInBefore = send.bytesIn();
        WsTestClient client = WsTestClient.connect(server.wsUri("/ws?after=0&epoch=0"), server.token("ws-alice"));
        client.take(1, 5_000);
        client.send("{\"send\": {\"to\": \"ws-bob\", \"body\": \"hi bob\"}, \"id\": 7}");
        JsonNode sent = client.take(1, 5_000).get(0);
        assertEquals(7, sent.get("sent").asLong());
        assertEquals(1, sent.get("seq").asLong());
        JsonNode message = lastMessage("ws-bob");
        assertEquals("ws-alice", message.get("from").asText(), "the connection's user is the sender");
        assertEquals("hi bob", message.get("body").asText());
        assertEquals(1, send.requests() - requestsBefore);
        assertTrue(send.bytesIn() - bytesInBefore > 50, "the send frame's bytes are booked to send");
        client.closeBlocking();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"send\": {\"to\": \"bad id!\", \"body\": \"x\"}, \"id\": 3}",
            "{\"send\": {\"to\": [\"ws-bob\"], \"body\": \"x\"}, \"id\": 3}",
            "{\"send\": {\"body\": \"x\"}, \"id\": 3}",
            "{\"send\": \"ws-bob\", \"id\": 3}"})
    void aBadWebSocketSendIsRefusedByIdAndTheConnectionStays(String frame) throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri("/ws?after=0&epoch=0"), server.token("ws-carol"));
        client.take(1, 5_000);
        client.send(frame);
        JsonNode refused = client.take(1, 5_000).get(0);
        assertEquals(3, refused.get("sent").asLong());
        assertEquals(400, refused.get("status").asInt());
        assertTrue(refused.get("error").asText().length() > 5);
        client.send("{\"send\": {\"to\": \"ws-dan\", \"body\": \"still open\"}, \"id\": 4}");
        assertEquals(4, client.take(1, 5_000).get(0).get("sent").asLong(), "the connection stays open");
        client.closeBlocking();
    }

    @Test
    void anOversizedWebSocketSendIs413() throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri("/ws?after=0&epoch=0"), server.token("ws-erin"));
        client.take(1, 5_000);
        client.send("{\"send\": {\"to\": \"ws-bob\", \"body\": \"" + "x".repeat(65_537) + "\"}, \"id\": 9}");
        JsonNode refused = client.take(1, 5_000).get(0);
        assertEquals(9, refused.get("sent").asLong());
        assertEquals(413, refused.get("status").asInt());
        client.closeBlocking();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"send\": {\"to\": \"ws-bob\", \"body\": \"x\"}}", "{\"send\": {}, \"id\": 0}",
            "{\"send\": {}, \"id\": 9007199254740992}", "{\"ack\": 1, \"send\": {}, \"id\": 1}", "{\"hello\": 1}", "[]", "{"})
    void aFrameWithoutAUsableIdCloses1003(String frame) throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri("/ws?after=0&epoch=0"), server.token("ws-fay"));
        client.take(1, 5_000);
        client.send(frame);
        assertEquals(1003, client.awaitClose(5_000), frame);
    }

    @Test
    void aTcpSendIsStoredAndAnsweredSent() throws Exception {
        try (TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
            client.write(Frames.hello2(0, 0, server.token("tcp-alice")));
            assertEquals(FrameType.WELCOME, client.read().type());
            client.write(Frames.send(11, "tcp-ben", "over tcp"));
            TcpTestClient.Frame sent = client.read();
            assertEquals(FrameType.SENT, sent.type());
            ByteBuffer payload = ByteBuffer.wrap(sent.payload());
            assertEquals(11, payload.getInt());
            assertEquals(1, payload.getLong());
            assertEquals("tcp-alice", lastMessage("tcp-ben").get("from").asText());
        }
    }

    @Test
    void aBadTcpSendIsSendFailedAndTheConnectionStays() throws Exception {
        try (TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
            client.write(Frames.hello2(0, 0, server.token("tcp-carol")));
            client.read();
            client.write(Frames.send(1, "bad id!", "x"));
            assertFailed(client.read(), 1, 400);
            client.write(Frames.send(2, "tcp-bob", "y".repeat(65_537)));
            assertFailed(client.read(), 2, 413);
            byte[] to = "tcp-bob".getBytes(StandardCharsets.UTF_8);
            ByteBuffer badUtf8 = ByteBuffer.allocate(4 + 1 + 4 + 2 + to.length + 2);
            badUtf8.putInt(1 + 4 + 2 + to.length + 2).put(FrameType.SEND).putInt(3).putShort((short) to.length).put(to)
                    .put((byte) 0xC3).put((byte) 0x28).flip();
            client.write(badUtf8);
            assertFailed(client.read(), 3, 400);
            client.write(Frames.send(4, "tcp-bob", "fine"));
            assertEquals(FrameType.SENT, client.read().type(), "the connection stays open");
        }
    }

    @Test
    void aMalformedTcpSendIsError400AndClosed() throws Exception {
        try (TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
            client.write(Frames.hello2(0, 0, server.token("tcp-dan")));
            client.read();
            // id 5, "to" said to be 200 bytes long, 3 there.
            client.write(ByteBuffer.allocate(4 + 1 + 9).putInt(10).put(FrameType.SEND).putInt(5).putShort((short) 200)
                    .put("abc".getBytes(StandardCharsets.US_ASCII)).flip());
            TcpTestClient.Frame error = client.read();
            assertEquals(FrameType.ERROR, error.type());
            assertEquals(400, error.errorCode());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aTcpSendBeforeHelloIsRefused() throws Exception {
        try (TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
            client.write(Frames.send(1, "tcp-bob", "too soon"));
            TcpTestClient.Frame error = client.read();
            assertEquals(FrameType.ERROR, error.type());
            assertEquals(400, error.errorCode());
        }
        TimeUnit.MILLISECONDS.sleep(50);
    }

    private static void assertFailed(TcpTestClient.Frame frame, int id, int code) {
        assertEquals(FrameType.SEND_FAILED, frame.type(), "frame " + FrameType.name(frame.type()));
        ByteBuffer payload = ByteBuffer.wrap(frame.payload());
        assertEquals(id, payload.getInt());
        assertEquals(code, payload.getShort() & 0xffff);
    }
}
