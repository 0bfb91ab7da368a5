package deliverybench.server;

import static deliverybench.testkit.Stages.join;
import deliverybench.auth.TokenMinter;
import deliverybench.core.ServerConfig;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;
import deliverybench.testkit.TcpTestClient;
import deliverybench.testkit.TestServer;
import deliverybench.testkit.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input gets the contract's error, and the server goes on serving everyone else. */
class BadInputTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(ServerConfig.forTests(TestServer.SECRET).withRetention(100));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void serverStillAnswers() {
        assertEquals(200, server.get("/health", null).statusCode());
        long seq = server.sendMessage("alice", "still-served", "after bad input");
        assertEquals(seq, join(server.server.store().position("still-served")).highestSeq());
    }

    static String algNoneToken(String user) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + user + "\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    static Stream<Arguments> refusedTokens() {
        TokenMinter forger = new TokenMinter("not-the-server-secret-but-long-enough");
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("garbage", "not.a.jwt"),
                Arguments.of("expired", new TokenMinter(TestServer.SECRET).mintUnchecked("bob", Instant.now().minusSeconds(60))),
                Arguments.of("forged", forger.mint("bob", Duration.ofHours(1))),
                Arguments.of("alg none", algNoneToken("bob")),
                Arguments.of("bad sub", new TokenMinter(TestServer.SECRET).mintUnchecked("bob smith!", Instant.now().plusSeconds(60))));
    }

    @ParameterizedTest(name = "{0} token")
    @MethodSource("refusedTokens")
    void httpRefusesTheTokenWith401(String kind, String token) {
        for (HttpResponse<String> response : new HttpResponse[]{
                server.get("/messages?after=0", token),
                server.get("/messages?after=0&wait=1", token),
                server.post(token, TestServer.json("bob", "hi"))}) {
            assertEquals(401, response.statusCode(), kind + ": " + response.body());
            assertTrue(TestServer.parse(response.body()).get("error").asText().length() > 0);
        }
    }

    @ParameterizedTest(name = "{0} token")
    @MethodSource("refusedTokens")
    void webSocketClosesWith1008(String kind, String token) throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri("/ws?after=0"), token);
        assertEquals(1008, client.awaitClose(5_000), kind);
    }

    @ParameterizedTest(name = "{0} token")
    @MethodSource("refusedTokens")
    void tcpAnswersError401(String kind, String token) throws Exception {
        try (TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
            client.write(Frames.hello(0, token == null ? "" : token));
            TcpTestClient.Frame frame = client.read();
            assertEquals(FrameType.ERROR, frame.type(), kind);
            assertEquals(401, frame.errorCode(), kind);
            assertTrue(client.closedByServer());
        }
    }

    static Stream<Arguments> badSends() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"to\": \"bob\", \"body\": ", 400),
                Arguments.of("not an object", "[1, 2]", 400),
                Arguments.of("trailing garbage", "{\"to\":\"bob\",\"body\":\"x\"} x", 400),
                Arguments.of("missing to", "{\"body\": \"hi\"}", 400),
                Arguments.of("missing body", "{\"to\": \"bob\"}", 400),
                Arguments.of("body not a string", "{\"to\": \"bob\", \"body\": 5}", 400),
                Arguments.of("bad user id", "{\"to\": \"bob smith\", \"body\": \"hi\"}", 400),
                Arguments.of("user id too long", TestServer.json("u".repeat(65), "hi"), 400),
                Arguments.of("body over 64 KiB", TestServer.json("bob", "x".repeat(65_537)), 413),
                Arguments.of("multi-byte body over 64 KiB", TestServer.json("bob", "\u00e9".repeat(32_769)), 413),
                Arguments.of("empty", "", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSends")
    void badSendBodiesAreRefused(String kind, String body, int status) {
        long before = join(server.server.store().position("bob")).highestSeq();
        HttpResponse<String> response = server.post(server.token("alice"), body);
        assertEquals(status, response.statusCode(), kind + ": " + response.body());
        assertTrue(TestServer.parse(response.body()).has("error"), response.body());
        assertEquals(before, join(server.server.store().position("bob")).highestSeq(), "a refused send was stored");
    }

    @Test
    void aBodyOfExactly64KiBIsAccepted() {
        assertEquals(202, server.post(server.token("alice"), TestServer.json("big", "x".repeat(65_536))).statusCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void badPollQueriesAre400(String query) {
        HttpResponse<String> response = server.get("/messages?" + query, server.token("bob"));
        assertEquals(400, response.statusCode(), response.body());
    }

    static Stream<String> badQueries() {
        return Stream.of("after=abc", "after=-1", "after=0&wait=0", "after=0&wait=121", "after=0&limit=0",
                "after=0&wait=x", "after=1&after=2");
    }

    @Test
    void aTokenReadsOnlyItsOwnInbox() {
        server.sendMessage("alice", "victim", "private");
        HttpResponse<String> response = server.get("/messages?after=0", server.token("snoop"));
        assertEquals("{\"messages\":[],\"next\":0,\"epoch\":" + server.server.store().epoch() + "}", response.body());
    }

    @Test
    void tooOldAfterIs410WithTheOldestSeqOnEveryStrategy() throws Exception {
        for (int i = 0; i < 150; i++) {
            server.sendMessage("alice", "old", "m" + i);
        }
        HttpResponse<String> poll = server.get("/messages?after=10", server.token("old"));
        assertEquals(410, poll.statusCode());
        assertEquals(51, TestServer.parse(poll.body()).get("oldest").asLong());
        assertEquals(410, server.get("/messages?after=10&wait=5", server.token("old")).statusCode());
        assertEquals(200, server.get("/messages?after=50", server.token("old")).statusCode());

        WsTestClient ws = WsTestClient.connect(server.wsUri("/ws?after=10"), server.token("old"));
        assertEquals(4410, ws.awaitClose(5_000));
        assertEquals("oldest=51", ws.closeReason);
        try (TcpTestClient tcp = new TcpTestClient(server.server.tcpPort())) {
            tcp.write(Frames.hello(10, server.token("old")));
            TcpTestClient.Frame frame = tcp.read();
            assertEquals(410, frame.errorCode());
            assertEquals("oldest=51", frame.errorText());
        }
    }

    @Test
    void webSocketTextThatIsNotAnAckCloses1003() throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri("/ws?after=0"), server.token("bob"));
        client.send("{\"ack\": 0}");
        client.send("hello server");
        assertEquals(1003, client.awaitClose(5_000));
    }

    @Test
    void webSocketBinaryCloses1003() throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri("/ws?after=0"), server.token("bob"));
        client.send(new byte[]{1, 2, 3});
        assertEquals(1003, client.awaitClose(5_000));
    }

    @Test
    void webSocketTextOverTheFrameLimitCloses1009() throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri("/ws?after=0"), server.token("bob"));
        client.send("{\"ack\": 1" + " ".repeat(deliverybench.strategy.websocket.WebSocketEndpoint.MAX_CLIENT_TEXT_BYTES) + "}");
        assertEquals(1009, client.awaitClose(5_000));
    }

    @Test
    void webSocketFragmentsTogetherOverTheLimitClose1009() throws Exception {
        WsTestClient client = WsTestClient.connect(server.wsUri("/ws?after=0"), server.token("bob"));
        java.nio.ByteBuffer fragment = java.nio.ByteBuffer.wrap(" ".repeat(
                deliverybench.strategy.websocket.WebSocketEndpoint.MAX_CLIENT_TEXT_BYTES / 2).getBytes(StandardCharsets.US_ASCII));
        client.sendFragmentedFrame(org.java_websocket.enums.Opcode.TEXT, fragment.duplicate(), false);
        client.sendFragmentedFrame(org.java_websocket.enums.Opcode.TEXT, fragment.duplicate(), false);
        client.sendFragmentedFrame(org.java_websocket.enums.Opcode.TEXT, fragment.duplicate(), true);
        assertEquals(1009, client.awaitClose(5_000));
    }

    @Test
    void webSocketBadAfterIs400BeforeTheUpgrade() {
        assertEquals(400, server.get("/ws?after=minus-one", server.token("bob")).statusCode());
    }

    static Stream<Arguments> badTcpFrames() {
        ByteBuffer unknown = ByteBuffer.allocate(5 + 8).putInt(9).put((byte) 0x42).putLong(7).flip();
        ByteBuffer oversized = ByteBuffer.allocate(5).putInt(65_536 + 1_024 + 1).put(FrameType.HELLO).flip();
        ByteBuffer zeroLength = ByteBuffer.allocate(4).putInt(0).flip();
        ByteBuffer shortHello = ByteBuffer.allocate(5 + 3).putInt(4).put(FrameType.HELLO).put(new byte[3]).flip();
        return Stream.of(
                Arguments.of("unknown frame type before HELLO", unknown, 400),
                Arguments.of("oversized frame", oversized, 413),
                Arguments.of("zero-length frame", zeroLength, 400),
                Arguments.of("HELLO too short", shortHello, 400),
                Arguments.of("PING before HELLO", Frames.ping(1), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTcpFrames")
    void badTcpFramesGetErrorAndClose(String kind, ByteBuffer frame, int code) throws Exception {
        try (TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
            client.write(frame);
            TcpTestClient.Frame answer = client.read();
            assertEquals(FrameType.ERROR, answer.type(), kind);
            assertEquals(code, answer.errorCode(), kind + ": " + answer.errorText());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void unknownTcpFrameTypeAfterHelloGetsError400() throws Exception {
        try (TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
            client.hello(0, server.token("bob-tcp"));
            client.write(Frames.ping(99));
            TcpTestClient.Frame pong = client.read();
            assertEquals(FrameType.PONG, pong.type());
            assertEquals(99, pong.u64());
            client.write(ByteBuffer.allocate(5).putInt(1).put((byte) 0x7f).flip());
            TcpTestClient.Frame answer = client.read();
            assertEquals(400, answer.errorCode(), answer.errorText());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void randomBytesOnTheTcpPortGetAnErrorAndClose() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[1 + random.nextInt(2_000)];
            random.nextBytes(garbage);
            try (TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
                client.writeRaw(garbage);
                TcpTestClient.Frame answer = client.read();
                assertEquals(FrameType.ERROR, answer.type());
                assertTrue(answer.errorCode() == 400 || answer.errorCode() == 413 || answer.errorCode() == 401,
                        "code " + answer.errorCode());
                assertTrue(client.closedByServer());
            } catch (java.io.EOFException | java.net.SocketTimeoutException e) {
                // A garbage length under the limit waits for the rest of its frame: the HELLO timeout ends it.
                // Either way the server must still serve: checked after each test.
            }
        }
    }

    @Test
    void noHelloWithinFiveSecondsGetsError400() throws Exception {
        try (TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
            long start = System.nanoTime();
            TcpTestClient.Frame answer = client.read();
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(400, answer.errorCode());
            assertTrue(waitedMs >= 4_900 && waitedMs < 7_000, "ERROR after " + waitedMs + " ms");
            assertTrue(client.closedByServer());
        }
    }
}
