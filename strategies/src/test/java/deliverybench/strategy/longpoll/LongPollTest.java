package deliverybench.strategy.longpoll;

import deliverybench.core.ServerConfig;
import deliverybench.core.WakeMode;
import deliverybench.testkit.Await;
import deliverybench.testkit.RawHttp;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A held long poll is answered by a message, by its timeout, or forgotten when its client leaves; it holds no thread. */
class LongPollTest {

    @Test
    void aHeldPollAnswersSoonAfterASendAndAnIdleOneAnswersEmptyAtWait() throws Exception {
        try (TestServer server = new TestServer()) {
            server.sendMessage("a", "warm", "warm-up");
            server.get("/messages?after=0&wait=1", server.token("warm"));
            CompletableFuture<Long> answeredAt = CompletableFuture.supplyAsync(() -> {
                HttpResponse<String> response = server.get("/messages?after=0&wait=10", server.token("bob"));
                assertEquals(200, response.statusCode());
                assertEquals(1, TestServer.parse(response.body()).get("messages").size());
                return System.nanoTime();
            });
            server.awaitSubscribers(1);
            long sentAt = System.nanoTime();
            server.sendMessage("alice", "bob", "now");
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(answeredAt.get(5, TimeUnit.SECONDS) - sentAt);
            // A wake, not the 10 s timeout; the bound leaves room for a GC or the scheduler on a loaded 2-core CI machine.
            assertTrue(latencyMs < 250, "answered " + latencyMs + " ms after the send");

            long start = System.nanoTime();
            HttpResponse<String> idle = server.get("/messages?after=1&wait=1", server.token("bob"));
            long heldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("{\"messages\":[],\"next\":1,\"epoch\":" + server.server.store().epoch() + "}", idle.body());
            assertTrue(heldMs >= 950 && heldMs < 3_000, "idle poll held " + heldMs + " ms for wait=1");
        }
    }

    @Test
    void aThousandHeldPollsAddNoThreadsAndNoStoreReads() throws Exception {
        int held = 1_000;
        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        HttpClient client = HttpClient.newBuilder().executor(clientThreads).build();
        try (TestServer server = new TestServer()) {
            server.get("/health", null);
            int serverThreadsBefore = serverThreads();
            int jvmThreadsBefore = Thread.activeCount();
            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            for (int i = 0; i < held; i++) {
                polls.add(client.sendAsync(HttpRequest.newBuilder(server.uri("/messages?after=0&wait=60"))
                        .header("Authorization", "Bearer " + server.token("user" + (i % 100)))
                        .timeout(Duration.ofSeconds(70)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            server.awaitSubscribers(held);
            long readsWhenHeld = server.server.store().storeReads();
            Thread.sleep(1_000);
            assertEquals(readsWhenHeld, server.server.store().storeReads(), "notify mode read the store while held");
            assertEquals(serverThreadsBefore, serverThreads(), "server threads grew with held polls");
            assertTrue(Thread.activeCount() - jvmThreadsBefore < 10,
                    "JVM threads grew from " + jvmThreadsBefore + " to " + Thread.activeCount());
            assertEquals(held, server.stats().get("long_poll").get("requests").asLong());

            for (int i = 0; i < 100; i++) {
                server.sendMessage("alice", "user" + i, "wake");
            }
            for (CompletableFuture<HttpResponse<String>> poll : polls) {
                HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode());
                assertEquals(1, TestServer.parse(response.body()).get("messages").size());
            }
            assertEquals(0, server.server.store().subscribers());
        } finally {
            clientThreads.shutdownNow();
        }
    }

    @Test
    void scanModeReadsTheStoreOnEveryTickWhileHeld() throws Exception {
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET).withWakeMode(WakeMode.SCAN, 50);
        try (TestServer server = new TestServer(config)) {
            List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                polls.add(CompletableFuture.supplyAsync(() -> server.get("/messages?after=0&wait=5", server.token("scan"))));
            }
            // Each poll reads the store once when it arrives: wait until all ten are held before counting ticks.
            Await.until(() -> server.server.store().storeReads() >= 10, TestServer.WAIT, "ten polls held");
            long readsBefore = server.server.store().storeReads();
            long before = System.nanoTime();
            Thread.sleep(500);
            long reads = server.server.store().storeReads() - readsBefore;
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            // Ten held requests at 50 ms: one read per 5 ms; allow for timer slack (notify mode would read none).
            assertTrue(reads >= elapsedMs / 10,
                    "scan mode read " + reads + " times in " + elapsedMs + " ms");
            long sentAt = System.nanoTime();
            server.sendMessage("alice", "scan", "found by a scan");
            for (CompletableFuture<HttpResponse<String>> poll : polls) {
                assertEquals(1, TestServer.parse(poll.get(5, TimeUnit.SECONDS).body()).get("messages").size());
            }
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
            assertTrue(latencyMs < 1_000, "scan found the message after " + latencyMs + " ms");
            assertEquals(server.server.store().storeReads(),
                    server.stats().get("long_poll").get("store_reads").asLong(), "long_poll store_reads");
        }
    }

    @Test
    void aClientThatLeavesWhileHeldLeavesNothingBehind() throws Exception {
        try (TestServer server = new TestServer()) {
            List<RawHttp> clients = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                RawHttp client = new RawHttp(server.server.httpPort());
                client.write(RawHttp.get("/messages?after=0&wait=120", server.token("leaver")));
                clients.add(client);
            }
            server.awaitSubscribers(100);
            for (RawHttp client : clients) {
                client.close();
            }
            Await.untilEquals(0L, () -> server.server.store().subscribers(), TestServer.WAIT, "waiters left behind by gone clients");
            assertEquals(1, server.sendMessage("alice", "leaver", "nobody is waiting"));
        }
    }

    @Test
    void aKeptAliveConnectionServesHeldThenPipelinedRequests() throws Exception {
        try (TestServer server = new TestServer(); RawHttp client = new RawHttp(server.server.httpPort())) {
            String token = server.token("pipe");
            String epoch = ",\"epoch\":" + server.server.store().epoch();
            // Two requests written back to back: the first is held, the second waits behind it.
            client.write(RawHttp.get("/messages?after=0&wait=5", token) + RawHttp.get("/messages?after=0", token));
            server.awaitSubscribers(1);
            server.sendMessage("alice", "pipe", "one");
            assertEquals("200 {\"messages\":[{\"seq\":1,\"from\":\"alice\",\"body\":\"one\"}],\"next\":1" + epoch + "}", client.readResponse());
            assertEquals("200 {\"messages\":[{\"seq\":1,\"from\":\"alice\",\"body\":\"one\"}],\"next\":1" + epoch + "}", client.readResponse());
            // And the same connection can be held again.
            client.write(RawHttp.get("/messages?after=1&wait=1", token));
            assertEquals("200 {\"messages\":[],\"next\":1" + epoch + "}", client.readResponse());
        }
    }

    static int serverThreads() {
        int count = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("deliverybench")) {
                count++;
            }
        }
        return count;
    }
}
