package deliverybench.strategy.sse;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.ServerConfig;
import deliverybench.core.limits.PushLimits;
import deliverybench.testkit.RawHttp;
import deliverybench.testkit.SseTestClient;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /events} per the contract, read by clients the project did not write: the JDK HttpClient and a plain socket. */
class SseTest {
    private static final int MAX_SENT = 20_000;

    private static Map<String, String> bearer(TestServer server, String user) {
        return Map.of("Authorization", "Bearer " + server.token(user));
    }

    @Test
    void helloThenEveryMessageInOrderThenEachNewOne() throws Exception {
        try (TestServer server = new TestServer()) {
            for (int i = 1; i <= 3; i++) {
                server.sendMessage("alice", "bob", "old " + i);
            }
            try (SseTestClient client = SseTestClient.open(server.uri("/events?after=1&epoch=0"), bearer(server, "bob"))) {
                assertEquals(200, client.status);
                assertTrue(client.contentType.startsWith("text/event-stream"), client.contentType);
                SseTestClient.Event hello = client.take(1, 5_000).get(0);
                assertEquals("hello", hello.name());
                JsonNode welcome = TestServer.parse(hello.data());
                assertEquals(server.server.store().epoch(), welcome.get("epoch").asLong());
                assertEquals(3, welcome.get("highest").asLong());
                server.sendMessage("alice", "bob", "new 4");
                List<SseTestClient.Event> messages = client.take(3, 5_000);
                for (int i = 0; i < 3; i++) {
                    long seq = i + 2;
                    assertEquals("message", messages.get(i).name());
                    assertEquals(Long.toString(seq), messages.get(i).id(), "the id is the seq");
                    JsonNode message = TestServer.parse(messages.get(i).data());
                    assertEquals(seq, message.get("seq").asLong());
                    assertEquals("alice", message.get("from").asText());
                    assertEquals(seq == 4 ? "new 4" : "old " + seq, message.get("body").asText());
                }
            }
        }
    }

    @Test
    void lastEventIdWinsOverAfterAndTheTokenMayComeInTheQuery() throws Exception {
        try (TestServer server = new TestServer()) {
            for (int i = 1; i <= 5; i++) {
                server.sendMessage("alice", "carol", "m" + i);
            }
            String uri = "/events?after=1&token=" + server.token("carol");
            try (SseTestClient client = SseTestClient.open(server.uri(uri), Map.of("Last-Event-ID", "3"))) {
                List<SseTestClient.Event> events = client.take(3, 5_000);
                assertEquals("hello", events.get(0).name());
                assertEquals("4", events.get(1).id());
                assertEquals("5", events.get(2).id());
            }
        }
    }

    @Test
    void refusalsArePlainHttpAnswersBeforeTheStream() {
        try (TestServer server = new TestServer()) {
            server.sendMessage("alice", "dan", "one");
            String token = server.token("dan");
            assertEquals(401, server.get("/events", null).statusCode());
            assertEquals(401, server.get("/events?token=not-a-jwt", null).statusCode());
            assertEquals(400, server.get("/events?after=-1", token).statusCode());
            assertEquals(400, server.get("/events?after=x", token).statusCode());
            assertEquals(400, server.get("/events?epoch=x", token).statusCode());
            HttpResponse<String> stale = server.get("/events?after=1&epoch=12345", token);
            assertEquals(410, stale.statusCode());
            JsonNode gone = TestServer.parse(stale.body());
            assertEquals(1, gone.get("oldest").asLong());
            assertEquals(server.server.store().epoch(), gone.get("epoch").asLong());
            assertEquals(410, server.get("/events?after=7", token).statusCode(), "after beyond the newest: a lost inbox");
            for (String bad : new String[]{"abc", "-1", "1.5", "99999999999999999999", "0x10"}) {
                HttpResponse<String> answer = server.send(server.request("/events", token).header("Last-Event-ID", bad));
                assertEquals(400, answer.statusCode(), "Last-Event-ID " + bad);
                assertTrue(answer.body().contains("Last-Event-ID"), answer.body());
            }
        }
    }

    @Test
    void aSilentStreamGetsACommentLine() throws Exception {
        try (TestServer server = new TestServer(ServerConfig.forTests(TestServer.SECRET).withKeepAlive(200))) {
            try (SseTestClient client = SseTestClient.open(server.uri("/events"), bearer(server, "erin"))) {
                client.take(1, 5_000);
                assertEquals(":", client.comments.poll(5, TimeUnit.SECONDS));
                assertEquals(":", client.comments.poll(5, TimeUnit.SECONDS), "and again after each silence");
            }
        }
    }

    @Test
    void aDeviceOverTheCapIsRefused429() throws Exception {
        try (TestServer server = new TestServer(ServerConfig.forTests(TestServer.SECRET).withMaxDevices(1))) {
            try (SseTestClient first = SseTestClient.open(server.uri("/events"), bearer(server, "fay"))) {
                first.take(1, 5_000);
                assertEquals(429, server.get("/events", server.token("fay")).statusCode());
            }
        }
    }

    /**
     * A client that stops reading passes the push bound and is cut off; resuming with the last
     * {@code id} it read as {@code Last-Event-ID}, it gets the rest: nothing lost, nothing twice.
     */
    @Test
    void aConsumerThatStopsReadingIsCutOffAndResumesWithoutLoss() throws Exception {
        int count = 0;
        String body = "x".repeat(1_000);
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET).withPushLimits(new PushLimits(50, 64 * 1024));
        try (TestServer server = new TestServer(config)) {
            String token = server.token("gus");
            List<Long> seen = new ArrayList<>();
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4_096);
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.server.httpPort()));
                socket.getOutputStream().write(RawHttp.get("/events", token).getBytes(StandardCharsets.US_ASCII));
                // Following live before the sends: a catch-up is paced by the reader and never overflows.
                server.awaitSubscribers(1);
                // Sent until the cut-off rather than a fixed count: how much the kernel's socket buffers take
                // first varies with the machine's load (3,000 once fitted).
                while (count < MAX_SENT && server.server.stats().of("sse").openConnections() != 0) {
                    server.sendMessage("alice", "gus", body);
                    count++;
                }
                server.awaitOpen("sse", 0);
                seen.addAll(ids(readAll(socket.getInputStream())));
            }
            assertTrue(seen.size() < count, "a client that never read got everything: no cut-off");
            long last = seen.isEmpty() ? 0 : seen.get(seen.size() - 1);
            try (SseTestClient resumed = SseTestClient.open(server.uri("/events"),
                    Map.of("Authorization", "Bearer " + token, "Last-Event-ID", Long.toString(last)))) {
                resumed.take(1, 5_000);
                for (SseTestClient.Event event : resumed.take((int) (count - last), 20_000)) {
                    seen.add(Long.parseLong(event.id()));
                }
            }
            List<Long> expected = new ArrayList<>();
            for (long seq = 1; seq <= count; seq++) {
                expected.add(seq);
            }
            assertEquals(expected, seen);
        }
    }

    @Test
    void aClientThatGoesAwayLeavesNothingBehind() throws Exception {
        try (TestServer server = new TestServer()) {
            SseTestClient client = SseTestClient.open(server.uri("/events"), bearer(server, "hal"));
            client.take(1, 5_000);
            assertEquals(1, server.server.store().subscribers());
            client.close();
            server.awaitOpen("sse", 0);
            server.awaitSubscribers(0);
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The ids of the complete events in a raw (chunked) answer. */
    private static List<Long> ids(String raw) {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile("id: (\\d+)\ndata: \\{[^\n]*}\n\n").matcher(raw);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }
}
