package deliverybench.client;

import deliverybench.testkit.RawHttp;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver's small HTTP/1.1 client: pipelined requests answered in order, answers split anywhere, lies refused. */
class Http1ConnectionTest {

    private static XnioWorker worker;

    @BeforeAll
    static void startWorker() throws Exception {
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    private static Http1Connection connect(int port) throws Exception {
        XnioIoThread thread = worker.getIoThread();
        StreamConnection stream = thread.openStreamConnection(new InetSocketAddress("127.0.0.1", port), null,
                OptionMap.EMPTY).get();
        CompletableFuture<Http1Connection> made = new CompletableFuture<>();
        thread.execute(() -> {
            Http1Connection http = new Http1Connection(stream);
            stream.setCloseListener(c -> http.closed());
            made.complete(http);
        });
        return made.get(5, TimeUnit.SECONDS);
    }

    private record Got(int status, String body) {
    }

    /** Sends the requests at once, pipelined, and collects the answers in the order they come. */
    private static List<Got> pipeline(Http1Connection http, List<String> requests) throws Exception {
        List<Got> got = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(requests.size());
        http.connection().getIoThread().execute(() -> {
            for (String request : requests) {
                http.request(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)), new Http1Connection.Answer() {
                    @Override
                    public void answered(int status, ByteBuffer body) {
                        got.add(new Got(status, StandardCharsets.UTF_8.decode(body).toString()));
                        done.countDown();
                    }

                    @Override
                    public void failed(IOException error) {
                        got.add(new Got(-1, error.getMessage()));
                        done.countDown();
                    }
                });
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "answers: " + got);
        return got;
    }

    @Test
    void pipelinedPollsAreAnsweredInOrder() throws Exception {
        try (TestServer server = new TestServer()) {
            for (int i = 1; i <= 3; i++) {
                server.sendMessage("alice", "pipe", "m" + i);
            }
            Http1Connection http = connect(server.server.httpPort());
            List<String> requests = new ArrayList<>();
            for (int after = 0; after < 3; after++) {
                requests.add(RawHttp.get("/messages?after=" + after, server.token("pipe")));
            }
            requests.add(RawHttp.get("/messages?after=0", "not-a-token"));
            List<Got> got = pipeline(http, requests);
            for (int after = 0; after < 3; after++) {
                assertEquals(200, got.get(after).status());
                assertEquals(3 - after, TestServer.parse(got.get(after).body()).get("messages").size(), got.get(after).body());
            }
            assertEquals(401, got.get(3).status());
        }
    }

    @Test
    void anAnswerLargerThanTheFirstBufferArrives() throws Exception {
        try (TestServer server = new TestServer()) {
            server.sendMessage("alice", "big", "y".repeat(60_000));
            server.sendMessage("alice", "big", "z".repeat(60_000));
            Http1Connection http = connect(server.server.httpPort());
            Got got = pipeline(http, List.of(RawHttp.get("/messages?after=0", server.token("big")))).get(0);
            assertEquals(200, got.status());
            assertEquals(2, TestServer.parse(got.body()).get("messages").size());
        }
    }

    /** A server that writes its answers one byte at a time, then lies about a length. */
    @Test
    void answersSplitAnywhereAreReadAndALieIsRefused() throws Exception {
        String ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-LENGTH: 5\r\n\r\nhello";
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        try (ServerSocket listener = new ServerSocket(0)) {
            Thread peer = new Thread(() -> {
                try (Socket socket = listener.accept()) {
                    // The three one-byte "requests" first: an answer before its request is refused.
                    socket.getInputStream().readNBytes(3);
                    OutputStream out = socket.getOutputStream();
                    for (byte b : (ok + ok + chunked).getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b);
                        out.flush();
                    }
                    Thread.sleep(2_000);
                } catch (IOException | InterruptedException e) {
                    // The test is over.
                }
            });
            peer.start();
            Http1Connection http = connect(listener.getLocalPort());
            List<Got> got = pipeline(http, List.of("a", "b", "c"));
            assertEquals(new Got(200, "hello"), got.get(0));
            assertEquals(new Got(200, "hello"), got.get(1));
            assertEquals(-1, got.get(2).status(), "a chunked answer is refused: " + got.get(2));
            peer.join(5_000);
        }
    }
}
