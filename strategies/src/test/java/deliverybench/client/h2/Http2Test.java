package deliverybench.client.h2;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.auth.TokenMinter;
import deliverybench.client.ClientContext;
import deliverybench.client.Http1Connection;
import deliverybench.core.ServerConfig;
import deliverybench.core.limits.ConnectionLimits;
import deliverybench.store.InMemoryMessageStore;
import deliverybench.server.DeliveryServer;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Transport;
import deliverybench.testkit.Await;
import deliverybench.testkit.CollectingDevice;
import deliverybench.testkit.TestServer;
import deliverybench.tls.ClientTls;
import deliverybench.tls.ServerTls;
import deliverybench.tls.TlsCertificate;
import io.netty.channel.EventLoopGroup;
import io.undertow.server.DefaultByteBufferPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code serve --http2}, spoken by independent clients (the JDK's HttpClient over h2 with ALPN, curl over h2c with
 * prior knowledge), and the driver's own HTTP/2 client against both.
 */
class Http2Test {

    private static final TokenMinter MINTER = new TokenMinter(TestServer.SECRET);
    /** Short, so that a test sees whether an HTTP/2 connection outlives it (the handshake guard's timer). */
    private static final long REQUEST_TIMEOUT_MS = 600;
    private static DeliveryServer tlsServer;
    private static DeliveryServer plainServer;
    private static String certificatePem;
    private static HttpClient h2;
    private static XnioWorker worker;
    private static EventLoopGroup loops;

    @BeforeAll
    static void start() throws IOException {
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET).withConnectionLimits(ConnectionLimits.DEFAULT
                .withTimeouts(ConnectionLimits.DEFAULT_HELLO_TIMEOUT_MS, REQUEST_TIMEOUT_MS, ConnectionLimits.DEFAULT_IDLE_TIMEOUT_MS));
        ServerTls tls = new ServerTls(TlsCertificate.selfSigned(TlsCertificate.loopbackNames("127.0.0.1")));
        certificatePem = tls.certificate().certificatePem();
        tlsServer = DeliveryServer.start(config, Strategies.all(), new InMemoryMessageStore(config.retention()), tls, true);
        plainServer = DeliveryServer.start(config, Strategies.all(), new InMemoryMessageStore(config.retention()), null, true);
        SSLContext trusting = ClientTls.trusting(certificatePem, true).context();
        h2 = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 2));
        loops = H2Client.newLoops();
    }

    @AfterAll
    static void stop() {
        tlsServer.close();
        plainServer.close();
        worker.shutdownNow();
        H2Client.shutdown(loops);
    }

    private static String token(String user) {
        return MINTER.mint(user, Duration.ofHours(1));
    }

    private static URI https(String path) {
        return URI.create("https://127.0.0.1:" + tlsServer.httpPort() + path);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(https(path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = h2.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, response.version(), "negotiated by ALPN");
        return response;
    }

    private static HttpResponse<String> post(String from, String to, String body) throws Exception {
        HttpResponse<String> response = h2.send(HttpRequest.newBuilder(https("/messages"))
                .header("Authorization", "Bearer " + token(from)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.json(to, body))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        return response;
    }

    private static long send(String from, String to, String body) throws Exception {
        HttpResponse<String> response = post(from, to, body);
        assertEquals(202, response.statusCode(), response.body());
        return TestServer.parse(response.body()).get("seq").asLong();
    }

    @Test
    void aPostAndAShortPollOverH2() throws Exception {
        long seq = send("alice", "h2-poller", "over h2");
        HttpResponse<String> answer = get("/messages?after=0", token("h2-poller"));
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode messages = TestServer.parse(answer.body()).get("messages");
        assertEquals(1, messages.size(), answer.body());
        assertEquals(seq, messages.get(0).get("seq").asLong());
        assertEquals("over h2", messages.get(0).get("body").asText());
    }

    @Test
    void aLongPollOverH2IsAnsweredByASend() throws Exception {
        long held = tlsServer.store().subscribers();
        CompletableFuture<HttpResponse<String>> poll = h2.sendAsync(HttpRequest.newBuilder(https("/messages?after=0&wait=20"))
                .header("Authorization", "Bearer " + token("h2-long")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        Await.until(() -> tlsServer.store().subscribers() > held, TestServer.WAIT, "the long poll is held");
        assertFalse(poll.isDone(), "nothing to answer with yet");
        long seq = send("alice", "h2-long", "woke you");
        HttpResponse<String> answer = poll.get(20, TimeUnit.SECONDS);
        assertEquals(HttpClient.Version.HTTP_2, answer.version());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(seq, TestServer.parse(answer.body()).get("messages").get(0).get("seq").asLong());
    }

    @Test
    void sseOverH2ReceivesAMessage() throws Exception {
        HttpResponse<Stream<String>> events = h2.sendAsync(HttpRequest.newBuilder(https("/events?after=0"))
                .header("Authorization", "Bearer " + token("h2-sse")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).get(20, TimeUnit.SECONDS);
        assertEquals(HttpClient.Version.HTTP_2, events.version());
        assertEquals(200, events.statusCode());
        CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> events.body()
                .filter(line -> line.startsWith("data:") && line.contains("pushed over h2")).findFirst().orElse(null));
        send("alice", "h2-sse", "pushed over h2");
        String line = data.get(20, TimeUnit.SECONDS);
        assertTrue(line != null && line.contains("\"seq\":1"), line);
        events.body().close();
    }

    @Test
    void refusalsKeepTheirStatusOverH2() throws Exception {
        HttpResponse<String> noToken = get("/messages?after=0", null);
        assertEquals(401, noToken.statusCode(), noToken.body());
        long epoch = tlsServer.store().epoch();
        HttpResponse<String> otherEpoch = get("/messages?after=3&epoch=" + (epoch + 1), token("h2-gone"));
        assertEquals(410, otherEpoch.statusCode(), otherEpoch.body());
        assertEquals(epoch, TestServer.parse(otherEpoch.body()).get("epoch").asLong(), otherEpoch.body());
        HttpResponse<String> badSend = post("alice", "", "to nobody");
        assertEquals(400, badSend.statusCode(), badSend.body());
    }

    @Test
    void h2BytesAreBookedToTheStrategyTheyServe() throws Exception {
        JsonNode before = TestServer.parse(new String(tlsServer.statsJson(), StandardCharsets.UTF_8)).get("short_poll");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/messages?after=0", token("h2-meter")).statusCode());
        }
        JsonNode after = TestServer.parse(new String(tlsServer.statsJson(), StandardCharsets.UTF_8)).get("short_poll");
        assertTrue(after.get("bytes_out").asLong() > before.get("bytes_out").asLong(), after.toString());
        // Under TLS, records and tags make the wire the larger.
        assertTrue(after.get("wire_bytes_out").asLong() - before.get("wire_bytes_out").asLong()
                > after.get("bytes_out").asLong() - before.get("bytes_out").asLong(), after.toString());
    }

    @Test
    void anH2ConnectionOutlivesTheFirstRequestTimeout() throws Exception {
        for (boolean tls : new boolean[] {true, false}) {
            H2Client client = new H2Client(loops, tls ? ClientTls.trusting(certificatePem, true) : null);
            DeliveryServer server = tls ? tlsServer : plainServer;
            IoFuture<H2Connection> opening = client.connect(worker.getIoThread(),
                    new InetSocketAddress("127.0.0.1", server.httpPort()), 0);
            assertEquals(IoFuture.Status.DONE, opening.await(10, TimeUnit.SECONDS), "connected, tls " + tls);
            H2Connection connection = opening.get();
            try {
                assertEquals(200, status(connection, "/health"));
                // Past the time a connection has to finish its handshake: an HTTP/2 one did, with its first stream.
                Thread.sleep(REQUEST_TIMEOUT_MS * 2);
                assertTrue(connection.isOpen(), "still open, tls " + tls);
                assertEquals(401, status(connection, "/messages?after=0"));
            } finally {
                connection.close();
            }
        }
    }

    private static int status(H2Connection connection, String path) throws Exception {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        connection.get(path, new Http1Connection.Answer() {
            @Override
            public void answered(int code, ByteBuffer body) {
                status.complete(code);
            }

            @Override
            public void failed(IOException error) {
                status.completeExceptionally(error);
            }
        });
        return status.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overHttp")
    void theDriversH2ClientsReceiveEverySendAcrossADrop(String name) throws Exception {
        for (boolean tls : new boolean[] {true, false}) {
            DeliveryServer server = tls ? tlsServer : plainServer;
            Map<String, Integer> ports = new LinkedHashMap<>(server.ports());
            ports.remove("http");
            ClientContext context = new ClientContext(worker, new DefaultByteBufferPool(false, 16 * 1024),
                    URI.create((tls ? "https" : "http") + "://127.0.0.1:" + server.httpPort()), ports, 50, 5, true)
                    .withTls(tls ? ClientTls.trusting(certificatePem, true) : null).withHttp2(loops);
            String user = "zoe-h2-" + name + (tls ? "-tls" : "-h2c");
            CollectingDevice.receivesEverySendAcrossADrop(Strategies.byName(name), context, token(user), i -> {
                try {
                    assertEquals(202, sendTo(server, user, "m" + i));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, 10, name + " over " + (tls ? "h2" : "h2c"));
            assertEquals(0, context.errors(), name + " clients saw errors");
        }
    }

    /** A send by plain HTTP/1.1 (or HTTP/1.1 over TLS): the server serves both beside HTTP/2. */
    private static int sendTo(DeliveryServer server, String to, String body) throws Exception {
        if (server.tls() != null) {
            return post("sender", to, body).statusCode();
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/messages"))
                .header("Authorization", "Bearer " + token("sender")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.json(to, body))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** curl over h2c with prior knowledge: the status, then the HTTP version curl used, then the body. */
    private static String[] curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--http2-prior-knowledge", "--max-time", "20",
                "-o", "-", "-w", "\n%{http_code} %{http_version}"));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl finished");
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int last = out.lastIndexOf('\n');
        String[] statusAndVersion = out.substring(last + 1).split(" ");
        return new String[] {statusAndVersion[0], statusAndVersion.length > 1 ? statusAndVersion[1] : "", out.substring(0, last)};
    }

    private static void assumeCurlSpeaksHttp2() throws Exception {
        String version;
        try {
            Process curl = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            version = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            curl.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            version = "";
        }
        assumeTrue(version.contains("HTTP2"), "curl with HTTP/2 (nghttp2) is not on this machine: the h2c tests "
                + "need it (Debian: apt-get install curl)");
    }

    private static String plain(String path) {
        return "http://127.0.0.1:" + plainServer.httpPort() + path;
    }

    @Test
    void curlOverH2cSendsPollsAndIsRefused() throws Exception {
        assumeCurlSpeaksHttp2();
        String[] sent = curl("-H", "Authorization: Bearer " + token("alice"), "-H", "Content-Type: application/json",
                "--data-binary", TestServer.json("h2c-poller", "over h2c"), plain("/messages"));
        assertEquals("202", sent[0], sent[2]);
        assertEquals("2", sent[1], "curl spoke HTTP/2");
        String[] polled = curl("-H", "Authorization: Bearer " + token("h2c-poller"), plain("/messages?after=0"));
        assertEquals("200", polled[0], polled[2]);
        assertEquals("2", polled[1]);
        assertEquals("over h2c", TestServer.parse(polled[2]).get("messages").get(0).get("body").asText(), polled[2]);
        String[] refused = curl(plain("/messages?after=0"));
        assertEquals("401", refused[0], refused[2]);
        long epoch = plainServer.store().epoch();
        String[] gone = curl("-H", "Authorization: Bearer " + token("h2c-poller"),
                plain("/messages?after=1&epoch=" + (epoch + 1)));
        assertEquals("410", gone[0], gone[2]);
        assertEquals("2", gone[1]);
    }

    @Test
    void curlOverH2cLongPollsAndReadsSse() throws Exception {
        assumeCurlSpeaksHttp2();
        long held = plainServer.store().subscribers();
        CompletableFuture<String[]> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return curl("-H", "Authorization: Bearer " + token("h2c-long"), plain("/messages?after=0&wait=15"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until(() -> plainServer.store().subscribers() > held, TestServer.WAIT, "curl's long poll is held");
        assertEquals(202, sendTo(plainServer, "h2c-long", "woke curl"));
        String[] answer = poll.get(30, TimeUnit.SECONDS);
        assertEquals("200", answer[0], answer[2]);
        assertEquals("2", answer[1]);
        assertEquals("woke curl", TestServer.parse(answer[2]).get("messages").get(0).get("body").asText());
        // SSE: what is already held is pushed at once; curl stops reading at --max-time.
        assertEquals(202, sendTo(plainServer, "h2c-sse", "an event over h2c"));
        String[] events = curl("-N", "--max-time", "3", "-H", "Authorization: Bearer " + token("h2c-sse"), "-H",
                "Accept: text/event-stream", plain("/events?after=0"));
        assertEquals("200", events[0], events[2]);
        assertEquals("2", events[1]);
        assertTrue(events[2].contains("data: {\"seq\":1") && events[2].contains("an event over h2c"), events[2]);
    }

    static List<String> overHttp() {
        List<String> names = new ArrayList<>();
        for (Strategy strategy : Strategies.all()) {
            if (strategy.transport() == Transport.HTTP) {
                names.add(strategy.name());
            }
        }
        return names;
    }
}
