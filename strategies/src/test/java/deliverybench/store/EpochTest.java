package deliverybench.store;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.ServerConfig;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;
import deliverybench.testkit.TcpTestClient;
import deliverybench.testkit.TestServer;
import deliverybench.testkit.WsTestClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract v2's epoch: a client that resumes with the epoch its {@code after} belongs to is told
 * when the server lost its inboxes, even when the new inbox has already grown past that {@code after}
 * (the case v1 cannot see); v1 clients, which name no epoch, are served exactly as before.
 */
class EpochTest {

    @Test
    void everyAnswerCarriesTheEpochAndStatsShowsIt() throws Exception {
        try (TestServer server = new TestServer()) {
            long epoch = server.server.store().epoch();
            assertTrue(epoch >= 1 && epoch <= MessageStore.MAX_EPOCH, "epoch " + epoch);
            server.sendMessage("alice", "bob", "one");
            JsonNode poll = TestServer.parse(server.get("/messages?after=0", server.token("bob")).body());
            assertEquals(epoch, poll.get("epoch").asLong());
            JsonNode held = TestServer.parse(server.get("/messages?after=0&wait=1", server.token("bob")).body());
            assertEquals(epoch, held.get("epoch").asLong());
            HttpResponse<String> gone = server.get("/messages?after=9", server.token("bob"));
            assertEquals(410, gone.statusCode());
            assertEquals(epoch, TestServer.parse(gone.body()).get("epoch").asLong());
            assertEquals(epoch, server.stats().get("store").get("epoch").asLong());
        }
    }

    @Test
    void twoServersHaveDifferentEpochs() {
        try (TestServer one = new TestServer(); TestServer two = new TestServer()) {
            assertNotEquals(one.server.store().epoch(), two.server.store().epoch());
        }
    }

    /**
     * The restart that v1 hides: the client saw seq 3 of the old server; the new one has already
     * taken 5 messages for the same user, so {@code after=3} looks valid there and v1 hands out 4
     * and 5, silently skipping the new 1 to 3. With its epoch, every strategy answers 410 instead.
     */
    @Test
    void aClientOfTheOldEpochIsToldOnEveryStrategyAfterARestart() throws Exception {
        long oldEpoch;
        try (TestServer before = new TestServer()) {
            oldEpoch = before.server.store().epoch();
            for (int i = 1; i <= 3; i++) {
                before.sendMessage("alice", "carol", "old " + i);
            }
        }
        try (TestServer after = new TestServer()) {
            long epoch = after.server.store().epoch();
            for (int i = 1; i <= 5; i++) {
                after.sendMessage("alice", "carol", "new " + i);
            }
            String token = after.token("carol");

            // What v1 does: messages 4 and 5 of the new inbox, and 1 to 3 are never seen.
            JsonNode v1 = TestServer.parse(after.get("/messages?after=3", token).body());
            assertEquals(4, v1.get("messages").get(0).get("seq").asLong());

            for (String query : List.of("/messages?after=3&epoch=" + oldEpoch, "/messages?after=3&wait=5&epoch=" + oldEpoch)) {
                HttpResponse<String> answer = after.get(query, token);
                assertEquals(410, answer.statusCode(), query);
                JsonNode body = TestServer.parse(answer.body());
                assertEquals(1, body.get("oldest").asLong(), query);
                assertEquals(epoch, body.get("epoch").asLong(), query);
                assertTrue(body.get("error").asText().contains("epoch " + oldEpoch), body.toString());
            }

            WsTestClient ws = WsTestClient.connect(after.wsUri("/ws?after=3&epoch=" + oldEpoch), token);
            assertEquals(4410, ws.awaitClose(5_000));
            assertEquals("oldest=1 epoch=" + epoch, ws.closeReason);
            assertTrue(ws.messages.isEmpty(), "nothing is pushed to a client of another epoch");

            try (TcpTestClient tcp = new TcpTestClient(after.server.tcpPort())) {
                tcp.write(Frames.hello2(3, oldEpoch, token));
                TcpTestClient.Frame frame = tcp.read();
                assertEquals(FrameType.ERROR, frame.type());
                assertEquals(410, frame.errorCode());
                assertEquals("oldest=1 epoch=" + epoch, frame.errorText());
                assertTrue(tcp.closedByServer());
            }

            // Resuming as told, after oldest - 1 with the new epoch, gets the whole new inbox.
            JsonNode resumed = TestServer.parse(after.get("/messages?after=0&epoch=" + epoch, token).body());
            assertEquals(5, resumed.get("messages").size());
            WsTestClient again = WsTestClient.connect(after.wsUri("/ws?after=0&epoch=" + epoch), token);
            List<JsonNode> frames = again.take(6, 5_000);
            assertEquals(epoch, frames.get(0).get("epoch").asLong());
            assertEquals(5, frames.get(0).get("highest").asLong());
            for (int i = 1; i <= 5; i++) {
                assertEquals(i, frames.get(i).get("seq").asLong());
            }
            again.close();
            try (TcpTestClient tcp = new TcpTestClient(after.server.tcpPort())) {
                tcp.write(Frames.hello2(0, epoch, token));
                TcpTestClient.Frame welcome = tcp.read();
                assertEquals(FrameType.WELCOME, welcome.type());
                ByteBuffer payload = ByteBuffer.wrap(welcome.payload());
                assertEquals(16, payload.remaining());
                assertEquals(5, payload.getLong());
                assertEquals(epoch, payload.getLong());
                for (int i = 1; i <= 5; i++) {
                    assertEquals(i, tcp.read().msgSeq());
                }
            }
        }
    }

    /** Epoch 0 means "not known yet": never refused, and the answer says which epoch this is. */
    @Test
    void epochZeroIsAskingNotClaiming() throws Exception {
        try (TestServer server = new TestServer()) {
            long epoch = server.server.store().epoch();
            server.sendMessage("alice", "dave", "one");
            String token = server.token("dave");
            assertEquals(200, server.get("/messages?after=1&epoch=0", token).statusCode());
            WsTestClient ws = WsTestClient.connect(server.wsUri("/ws?after=0&epoch=0"), token);
            List<JsonNode> frames = ws.take(2, 5_000);
            assertEquals(epoch, frames.get(0).get("epoch").asLong());
            assertEquals(1, frames.get(1).get("seq").asLong());
            ws.close();
            try (TcpTestClient tcp = new TcpTestClient(server.server.tcpPort())) {
                tcp.write(Frames.hello2(0, 0, token));
                TcpTestClient.Frame welcome = tcp.read();
                assertEquals(16, welcome.payload().length);
                assertEquals(epoch, ByteBuffer.wrap(welcome.payload(), 8, 8).getLong());
            }
        }
    }

    /** A v1 client (no epoch) gets v1 exactly: no welcome text frame, an 8-byte WELCOME, {@code oldest=N} alone. */
    @Test
    void contractV1ClientsSeeNoDifference() throws Exception {
        try (TestServer server = new TestServer(ServerConfig.forTests(TestServer.SECRET).withRetention(2))) {
            for (int i = 1; i <= 4; i++) {
                server.sendMessage("alice", "erin", "m" + i);
            }
            String token = server.token("erin");
            WsTestClient ws = WsTestClient.connect(server.wsUri("/ws?after=2"), token);
            assertEquals(3, ws.take(1, 5_000).get(0).get("seq").asLong());
            ws.close();
            WsTestClient old = WsTestClient.connect(server.wsUri("/ws?after=0"), token);
            assertEquals(4410, old.awaitClose(5_000));
            assertEquals("oldest=3", old.closeReason);
            try (TcpTestClient tcp = new TcpTestClient(server.server.tcpPort())) {
                tcp.write(Frames.hello(2, token));
                TcpTestClient.Frame welcome = tcp.read();
                assertEquals(8, welcome.payload().length);
                assertEquals(4, welcome.u64());
            }
        }
    }

    @Test
    void aBadEpochIsAClearError() throws Exception {
        try (TestServer server = new TestServer()) {
            String token = server.token("frank");
            HttpResponse<String> poll = server.get("/messages?after=0&epoch=yesterday", token);
            assertEquals(400, poll.statusCode());
            assertTrue(poll.body().contains("'epoch' must be an integer"), poll.body());
            assertEquals(400, server.get("/messages?after=0&epoch=-1&wait=1", token).statusCode());
            assertEquals(400, server.get("/ws?after=0&epoch=1.5", token).statusCode());
            try (TcpTestClient tcp = new TcpTestClient(server.server.tcpPort())) {
                // HELLO2 with only 8 of its 16 fixed bytes before the token would be.
                tcp.write(ByteBuffer.allocate(5 + 8).putInt(9).put(FrameType.HELLO2).putLong(0).flip());
                TcpTestClient.Frame frame = tcp.read();
                assertEquals(400, frame.errorCode());
                assertTrue(frame.errorText().contains("HELLO2 needs"), frame.errorText());
            }
            assertEquals(200, server.get("/health", null).statusCode());
        }
    }
}
