package deliverybench.core.limits;

import deliverybench.auth.TokenVerifier;
import deliverybench.core.ServerConfig;
import deliverybench.core.http.PollAnswers;
import deliverybench.core.http.SendHandler;
import deliverybench.protocol.FrameType;
import deliverybench.server.DeliveryServer;
import deliverybench.testkit.Await;
import deliverybench.testkit.RawHttp;
import deliverybench.testkit.TcpTestClient;
import deliverybench.testkit.TestServer;
import deliverybench.testkit.WsTestClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static deliverybench.testkit.Stages.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each limit a hostile client meets holds, and the client is told which one (README, "Where the contract leaves a detail open"). */
class LimitsTest {

    private static ServerConfig config(ConnectionLimits limits) {
        return ServerConfig.forTests(TestServer.SECRET).withConnectionLimits(limits);
    }

    private static String postHead(String token, long contentLength) {
        return "POST /messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    /** Reads what the server sends until it closes; fails if it does not close within the socket's timeout. */
    private static String readToClose(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4_096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (java.net.SocketException e) {
            // A reset after the answer: the answer is what counts.
        }
        return text.toString();
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413AndClosedBeforeAByteOfItIsRead() throws Exception {
        try (TestServer server = new TestServer(); Socket socket = new Socket("127.0.0.1", server.server.httpPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((postHead(server.token("alice"), 999_999_999L) + "{}").getBytes(StandardCharsets.US_ASCII));
            String answer = readToClose(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("Connection: close"), answer);
            assertTrue(answer.contains("999999999 bytes is over the limit of " + SendHandler.MAX_REQUEST_BYTES), answer);
            assertEquals(0, server.server.bodyBytesBuffered());
            assertEquals(202, server.post(server.token("alice"), TestServer.json("bob", "after")).statusCode());
        }
    }

    @Test
    void aBodySentInFullOverTheLimitIs413AndNothingIsStored() throws Exception {
        // The client writes the whole body while the server answers and closes: a writer of its own, so a
        // reset that cuts the write cannot keep the answer from being read (a JDK HttpClient may report it
        // as a failed request instead).
        String body = "{\"to\":\"bob\",\"body\":\"" + "x".repeat(500_000) + "\"}";
        try (TestServer server = new TestServer(); Socket socket = new Socket("127.0.0.1", server.server.httpPort())) {
            socket.setSoTimeout(5_000);
            long before = join(server.server.store().position("bob")).highestSeq();
            byte[] request = (postHead(server.token("alice"), body.length()) + body).getBytes(StandardCharsets.US_ASCII);
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(request);
                } catch (IOException e) {
                    // The server closed before the whole body was written: expected.
                }
            });
            writer.start();
            String answer = readToClose(socket);
            writer.join(5_000);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("over the limit of " + SendHandler.MAX_REQUEST_BYTES), answer);
            assertEquals(before, join(server.server.store().position("bob")).highestSeq(), "a refused send was stored");
            assertEquals(0, server.server.bodyBytesBuffered());
        }
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIs408AndClosed() throws Exception {
        ConnectionLimits limits = ConnectionLimits.DEFAULT.withTimeouts(5_000, 1_000, 120_000);
        try (TestServer server = new TestServer(config(limits)); Socket socket = new Socket("127.0.0.1", server.server.httpPort())) {
            socket.setSoTimeout(5_000);
            long start = System.nanoTime();
            socket.getOutputStream().write((postHead(server.token("alice"), 100) + "{\"to\":").getBytes(StandardCharsets.US_ASCII));
            String answer = readToClose(socket);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("did not arrive within 1000 ms"), answer);
            assertTrue(tookMs >= 900 && tookMs < 4_000, "closed after " + tookMs + " ms");
            assertEquals(0, server.server.bodyBytesBuffered());
        }
    }

    @Test
    void bodiesPastTheServersBudgetAre503AndTheBudgetComesBack() throws Exception {
        ConnectionLimits limits = ConnectionLimits.DEFAULT.withBodyBufferBytes(SendHandler.MAX_REQUEST_BYTES);
        try (TestServer server = new TestServer(config(limits));
             Socket first = new Socket("127.0.0.1", server.server.httpPort());
             Socket second = new Socket("127.0.0.1", server.server.httpPort())) {
            String token = server.token("alice");
            byte[] part = "x".repeat(250_000).getBytes(StandardCharsets.US_ASCII);
            first.getOutputStream().write(postHead(token, 300_000).getBytes(StandardCharsets.US_ASCII));
            first.getOutputStream().write(part);
            awaitBuffered(server, part.length);
            second.setSoTimeout(5_000);
            second.getOutputStream().write(postHead(token, 300_000).getBytes(StandardCharsets.US_ASCII));
            second.getOutputStream().write(part);
            String answer = readToClose(second);
            assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
            assertTrue(answer.contains("too many request bodies at once"), answer);
            first.close();
            awaitBuffered(server, 0);
            assertEquals(202, server.post(token, TestServer.json("bob", "the budget came back")).statusCode());
        }
    }

    private static void awaitBuffered(TestServer server, long bytes) throws InterruptedException {
        await(server.server::bodyBytesBuffered, bytes);
    }

    private static void await(java.util.function.LongSupplier gauge, long expected) {
        Await.untilEquals(expected, gauge::getAsLong, Duration.ofSeconds(5), "gauge");
    }

    @Test
    void unfinishedHandshakesPerAddressAreCappedOverHttpAndTcp() throws Exception {
        ConnectionLimits limits = ConnectionLimits.DEFAULT.withHandshakesPerAddress(3);
        try (TestServer server = new TestServer(config(limits))) {
            List<Socket> silent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                silent.add(new Socket("127.0.0.1", i == 0 ? server.server.tcpPort() : server.server.httpPort()));
            }
            awaitPending(server, 3);
            try (Socket refused = new Socket("127.0.0.1", server.server.httpPort())) {
                refused.setSoTimeout(5_000);
                String answer = readToClose(refused);
                assertTrue(answer.startsWith("HTTP/1.1 429 "), answer);
                assertTrue(answer.contains("too many unfinished connections from this address: at most 3"), answer);
            }
            try (TcpTestClient refused = new TcpTestClient(server.server.tcpPort())) {
                TcpTestClient.Frame error = refused.read();
                assertEquals(FrameType.ERROR, error.type());
                assertEquals(429, error.errorCode(), error.errorText());
                assertTrue(refused.closedByServer());
            }
            // One finishes its handshake (a whole request head): its place is free again.
            silent.get(1).getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            awaitPending(server, 2);
            try (TcpTestClient admitted = new TcpTestClient(server.server.tcpPort())) {
                assertEquals(0, admitted.hello(0, server.token("bob")));
            }
            // Finished handshakes are never counted: many held connections from the same address are fine.
            List<WsTestClient> held = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                held.add(WsTestClient.connect(server.wsUri("/ws?after=0"), server.token("u" + i)));
            }
            assertTrue(held.stream().allMatch(WsTestClient::isOpen));
            for (WsTestClient client : held) {
                client.closeBlocking();
            }
            for (Socket socket : silent) {
                socket.close();
            }
        }
    }

    private static void awaitPending(TestServer server, int pending) throws InterruptedException {
        await(server.server::unfinishedHandshakes, pending);
    }

    @Test
    void aConnectionWithoutAWholeFirstRequestHeadIsClosedAtTheRequestTimeout() throws Exception {
        ConnectionLimits limits = ConnectionLimits.DEFAULT.withTimeouts(5_000, 1_000, 120_000);
        try (TestServer server = new TestServer(config(limits))) {
            for (String sent : new String[]{"", "GET /messages?after=0 HTTP/1.1\r\nHost: x\r\n"}) {
                try (Socket socket = new Socket("127.0.0.1", server.server.httpPort())) {
                    socket.setSoTimeout(5_000);
                    long start = System.nanoTime();
                    socket.getOutputStream().write(sent.getBytes(StandardCharsets.US_ASCII));
                    assertEquals("", readToClose(socket));
                    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertTrue(tookMs >= 900 && tookMs < 4_000, "'" + sent + "' closed after " + tookMs + " ms");
                }
            }
            assertEquals(0, server.server.unfinishedHandshakes());
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAtTheIdleTimeout() throws Exception {
        ConnectionLimits limits = ConnectionLimits.DEFAULT.withTimeouts(5_000, 10_000, 1_000);
        try (TestServer server = new TestServer(config(limits)); RawHttp http = new RawHttp(server.server.httpPort())) {
            http.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(http.readResponse().startsWith("200 "));
            long start = System.nanoTime();
            assertEquals(-1, http.socket.getInputStream().read());
            long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(idleMs >= 900 && idleMs < 4_000, "closed after " + idleMs + " ms idle");
        }
    }

    @Test
    void aTcpConnectionWithoutHelloGetsError400AtTheHelloTimeout() throws Exception {
        ConnectionLimits limits = ConnectionLimits.DEFAULT.withTimeouts(1_000, 10_000, 120_000);
        try (TestServer server = new TestServer(config(limits)); TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
            long start = System.nanoTime();
            TcpTestClient.Frame error = client.read();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(400, error.errorCode());
            assertEquals("no valid HELLO within 1000 ms", error.errorText());
            assertTrue(tookMs >= 900 && tookMs < 4_000, "ERROR after " + tookMs + " ms");
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void beforeHelloAFrameLongerThanAHelloIs413AtOnce() throws Exception {
        try (TestServer server = new TestServer(); TcpTestClient client = new TcpTestClient(server.server.tcpPort())) {
            client.write(ByteBuffer.allocate(5).putInt(1 + 16 + TokenVerifier.MAX_TOKEN_CHARS + 1).put(FrameType.HELLO2).flip());
            TcpTestClient.Frame error = client.read();
            assertEquals(413, error.errorCode(), error.errorText());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aTokenLongerThan4096CharactersIsRefusedUnread() {
        try (TestServer server = new TestServer()) {
            HttpResponse<String> response = server.get("/messages?after=0", "x".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1));
            assertEquals(401, response.statusCode());
            assertTrue(response.body().contains("token longer than 4096 characters"), response.body());
        }
    }

    @Test
    void aHeadOverTheLimitOrTooManyParametersIs400AndClosed() throws Exception {
        try (TestServer server = new TestServer()) {
            String token = server.token("bob");
            String[] requests = {
                    "GET /messages?after=0 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(DeliveryServer.MAX_HEAD_BYTES) + "\r\n\r\n",
                    "GET /messages?after=0&x=" + "9".repeat(DeliveryServer.MAX_HEAD_BYTES) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /messages?after=0" + "&p=1".repeat(64) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n"};
            for (String request : requests) {
                try (Socket socket = new Socket("127.0.0.1", server.server.httpPort())) {
                    socket.setSoTimeout(5_000);
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                    String answer = readToClose(socket);
                    assertTrue(answer.startsWith("HTTP/1.1 400 "), request.substring(0, 40) + ": " + answer);
                }
            }
        }
    }

    @Test
    void aBodyOfUnknownLengthIs411AndClosedUnread() throws Exception {
        try (TestServer server = new TestServer(); Socket socket = new Socket("127.0.0.1", server.server.httpPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.token("alice")
                    + "\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFF\r\nxyz").getBytes(StandardCharsets.US_ASCII));
            String answer = readToClose(socket);
            assertTrue(answer.startsWith("HTTP/1.1 411 "), answer);
            assertTrue(answer.contains("must have a Content-Length"), answer);
        }
    }

    @Test
    void aPollAnswerStopsAtOneMebibyteOfBodiesAndNextSaysWhereToGoOn() {
        try (TestServer server = new TestServer()) {
            String body = "x".repeat(65_536);
            for (int i = 0; i < 20; i++) {
                server.sendMessage("alice", "big", body);
            }
            int fits = PollAnswers.MAX_ANSWER_BODY_CHARS / body.length();
            var answer = TestServer.parse(server.get("/messages?after=0&limit=1000", server.token("big")).body());
            assertEquals(fits, answer.get("messages").size());
            assertEquals(fits, answer.get("next").asLong());
            var rest = TestServer.parse(server.get("/messages?after=" + fits + "&limit=1000", server.token("big")).body());
            assertEquals(20 - fits, rest.get("messages").size());
        }
    }
}
