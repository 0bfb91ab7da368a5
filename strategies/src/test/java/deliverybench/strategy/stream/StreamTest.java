package deliverybench.strategy.stream;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.ServerConfig;
import deliverybench.core.limits.PushLimits;
import deliverybench.testkit.Await;
import deliverybench.testkit.ChunkedReader;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /stream} per the contract (RFC 6202 section 3), read chunk by chunk from a plain socket. */
class StreamTest {
    private static final int MAX_SENT = 20_000;

    private static JsonNode json(String line) {
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line per chunk: " + line);
        return TestServer.parse(line);
    }

    @Test
    void oneFlushedLinePerMessageAfterTheHello() throws Exception {
        try (TestServer server = new TestServer(); ChunkedReader client = new ChunkedReader(server.server.httpPort(), 0)) {
            server.sendMessage("alice", "bob", "one");
            client.get("/stream?after=0&epoch=0", server.token("bob"));
            assertEquals(200, client.head());
            JsonNode hello = json(client.chunk());
            assertEquals(server.server.store().epoch(), hello.get("epoch").asLong());
            assertEquals(1, hello.get("highest").asLong());
            assertEquals(1, json(client.chunk()).get("seq").asLong());
            server.sendMessage("alice", "bob", "two");
            JsonNode two = json(client.chunk());
            assertEquals(2, two.get("seq").asLong());
            assertEquals("alice", two.get("from").asText());
            assertEquals("two", two.get("body").asText());
        }
    }

    @Test
    void theServerEndsAStreamAtItsMaxAgeAndTheClientAsksAgainOnTheSameConnection() throws Exception {
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET).withStreamMaxAge(400);
        try (TestServer server = new TestServer(config); ChunkedReader client = new ChunkedReader(server.server.httpPort(), 0)) {
            String token = server.token("carol");
            server.sendMessage("alice", "carol", "one");
            client.get("/stream?after=0", token);
            assertEquals(200, client.head());
            List<String> first = client.chunksUntilEnd();
            JsonNode end = json(first.get(first.size() - 1));
            assertEquals("max-age", end.get("end").asText());
            assertEquals(1, end.get("next").asLong());
            server.sendMessage("alice", "carol", "two");
            client.get("/stream?after=" + end.get("next").asLong(), token);
            assertEquals(200, client.head());
            List<String> second = client.chunksUntilEnd();
            assertEquals(2, json(second.get(1)).get("seq").asLong(), "the next answer starts after next: " + second);
            assertEquals(2, json(second.get(second.size() - 1)).get("next").asLong());
        }
    }

    @Test
    void aSilentStreamGetsAPingLine() throws Exception {
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET).withKeepAlive(200);
        try (TestServer server = new TestServer(config); ChunkedReader client = new ChunkedReader(server.server.httpPort(), 0)) {
            client.get("/stream", server.token("dan"));
            client.head();
            client.chunk();
            long before = System.currentTimeMillis();
            long ping = json(client.chunk()).get("ping").asLong();
            assertTrue(Math.abs(ping - before) < 5_000, "ping is ms since the Unix epoch: " + ping);
        }
    }

    @Test
    void aClientsHeartbeatAsksForItsOwnKeepAlive() throws Exception {
        // The server's keep-alive is 15 s; this stream asks for 200 ms (contract v4, keepalive=ms).
        try (TestServer server = new TestServer(); ChunkedReader client = new ChunkedReader(server.server.httpPort(), 0)) {
            client.get("/stream?keepalive=200", server.token("dan"));
            client.head();
            client.chunk();
            long start = System.nanoTime();
            assertTrue(json(client.chunk()).has("ping"));
            assertTrue(json(client.chunk()).has("ping"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs >= 300 && tookMs < 5_000, "two pings 200 ms apart took " + tookMs + " ms");
            String token = server.token("dan");
            assertEquals(400, server.get("/stream?keepalive=99", token).statusCode());
            assertEquals(400, server.get("/events?keepalive=3600001", token).statusCode());
        }
    }

    @Test
    void refusalsArePlainHttpAnswersBeforeTheStream() {
        try (TestServer server = new TestServer()) {
            server.sendMessage("alice", "erin", "one");
            String token = server.token("erin");
            assertEquals(401, server.get("/stream", null).statusCode());
            assertEquals(401, server.get("/stream?token=nope", null).statusCode());
            assertEquals(400, server.get("/stream?after=x", token).statusCode());
            assertEquals(400, server.get("/stream?after=1&after=2", token).statusCode());
            HttpResponse<String> stale = server.get("/stream?epoch=77", token);
            assertEquals(410, stale.statusCode());
            assertEquals(server.server.store().epoch(), TestServer.parse(stale.body()).get("epoch").asLong());
            assertEquals(410, server.get("/stream?after=2", token).statusCode());
        }
    }

    /**
     * A gap found while streaming: retention passed what the stream had still to send. 100 messages
     * of 60 KB are more than the socket buffers (4 MiB at most here) and the queue (1 MiB) hold, so
     * the stream is still catching up when 300 more pass through the inbox.
     */
    @Test
    void aGapWhileStreamingEndsWithAGoneLine() throws Exception {
        String body = "x".repeat(60_000);
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET).withRetention(100)
                .withPushLimits(new PushLimits(20, 1 << 20));
        try (TestServer server = new TestServer(config);
             ChunkedReader client = new ChunkedReader(server.server.httpPort(), 4_096)) {
            for (int i = 1; i <= 100; i++) {
                server.sendMessage("alice", "fay", body);
            }
            client.get("/stream?after=0", server.token("fay"));
            awaitStalledCatchUp(server);
            for (int i = 1; i <= 300; i++) {
                server.sendMessage("alice", "fay", body);
            }
            assertEquals(200, client.head());
            List<String> chunks = client.chunksUntilEnd();
            JsonNode last = json(chunks.get(chunks.size() - 1));
            assertTrue(last.has("gone"), "the last line: " + last);
            assertEquals(301, last.get("gone").get("oldest").asLong());
            assertEquals(server.server.store().epoch(), last.get("gone").get("epoch").asLong());
            long previous = 0;
            for (String chunk : chunks.subList(1, chunks.size() - 1)) {
                long seq = json(chunk).get("seq").asLong();
                assertEquals(previous + 1, seq, "in order, without a hole, up to the gap");
                previous = seq;
            }
            assertTrue(previous < 100, "the stream was still catching up: " + previous);
        }
    }

    @Test
    void aConsumerThatStopsReadingIsCutOffAndResumesWithoutLoss() throws Exception {
        int count = 0;
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET).withPushLimits(new PushLimits(50, 64 * 1024));
        try (TestServer server = new TestServer(config)) {
            String token = server.token("gus");
            List<Long> seen = new ArrayList<>();
            try (ChunkedReader client = new ChunkedReader(server.server.httpPort(), 4_096)) {
                client.get("/stream", token);
                // Following live before the sends (a catch-up is paced by the reader and never overflows), then
                // sent until the cut-off: how much the kernel's socket buffers take first varies with the load.
                server.awaitSubscribers(1);
                while (count < MAX_SENT && server.server.stats().of("stream").openConnections() != 0) {
                    server.sendMessage("alice", "gus", "x".repeat(1_000));
                    count++;
                }
                server.awaitOpen("stream", 0);
                assertEquals(200, client.head());
                for (String chunk : client.chunksUntilEnd()) {
                    JsonNode line = json(chunk);
                    if (line.has("seq")) {
                        seen.add(line.get("seq").asLong());
                    }
                }
            }
            assertTrue(seen.size() < count, "a client that never read got everything: no cut-off");
            try (ChunkedReader client = new ChunkedReader(server.server.httpPort(), 0)) {
                client.get("/stream?after=" + seen.get(seen.size() - 1), token);
                client.head();
                client.chunk();
                while (seen.size() < count) {
                    seen.add(json(client.chunk()).get("seq").asLong());
                }
            }
            for (int i = 0; i < count; i++) {
                assertEquals(i + 1, seen.get(i), "seq " + (i + 1));
            }
        }
    }

    /** Waits until the stream is open and its catch-up has filled the socket: no byte written for 200 ms. */
    private static void awaitStalledCatchUp(TestServer server) throws InterruptedException {
        server.awaitOpen("stream", 1);
        long[] bytes = {-1};
        long[] stillSince = {System.nanoTime()};
        Await.until(() -> {
            long now = server.server.stats().of("stream").bytesOut();
            if (now != bytes[0] || now == 0) {
                bytes[0] = now;
                stillSince[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - stillSince[0] >= TimeUnit.MILLISECONDS.toNanos(200);
        }, TestServer.WAIT, () -> "the stream's catch-up never stalled on the unread socket; bytes out " + bytes[0]);
    }
}
