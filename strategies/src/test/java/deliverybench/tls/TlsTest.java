package deliverybench.tls;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.auth.TokenMinter;
import deliverybench.core.ServerConfig;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;
import deliverybench.store.InMemoryMessageStore;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.mqtt.MqttPush;
import deliverybench.server.DeliveryServer;
import deliverybench.testkit.CollectingDevice;
import deliverybench.testkit.TestServer;
import deliverybench.testkit.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import deliverybench.client.ClientContext;
import io.undertow.server.DefaultByteBufferPool;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import java.util.LinkedHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract over TLS, spoken by independent clients: the JDK's HttpClient and SSLSocket, Java-WebSocket, curl. */
class TlsTest {

    private static final TokenMinter MINTER = new TokenMinter(TestServer.SECRET);
    private static DeliveryServer server;
    private static SSLContext trusting;
    private static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET);
        ServerTls tls = new ServerTls(TlsCertificate.selfSigned(TlsCertificate.loopbackNames("127.0.0.1")));
        server = DeliveryServer.start(config, Strategies.all(), new InMemoryMessageStore(config.retention()), tls);
        trusting = ClientTls.trusting(tls.certificate().certificatePem(), true).context();
        http = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String token(String user) {
        return MINTER.mint(user, Duration.ofHours(1));
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long send(String from, String to, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.httpPort() + "/messages"))
                .header("Authorization", "Bearer " + token(from)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.json(to, body))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return TestServer.parse(response.body()).get("seq").asLong();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void theDriversClientsReceiveEverySendOverTlsAcrossADrop(String name) throws Exception {
        XnioWorker worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 2));
        try {
            Map<String, Integer> ports = new LinkedHashMap<>(server.ports());
            ports.remove("http");
            ClientContext context = new ClientContext(worker, new DefaultByteBufferPool(false, 16 * 1024),
                    URI.create("https://127.0.0.1:" + server.httpPort()), ports, 50, 5, true)
                    .withTls(ClientTls.trusting(server.tls().certificate().certificatePem(), true));
            String user = "zoe-" + name.replace('_', '-');
            CollectingDevice.receivesEverySendAcrossADrop(Strategies.byName(name), context, token(user), i -> {
                try {
                    send("sender", user, "m" + i);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, 10, name + " over TLS");
            assertEquals(0, context.errors(), name + " clients saw errors");
        } finally {
            worker.shutdownNow();
        }
    }

    static List<String> strategies() {
        return Strategies.all().stream().map(deliverybench.strategy.Strategy::name).toList();
    }

    @Test
    void aShortPollOverHttpsGetsWhatWasSent() throws Exception {
        long seq = send("alice", "tls-poller", "over https");
        HttpResponse<String> answer = get("/messages?after=0", token("tls-poller"));
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode messages = TestServer.parse(answer.body()).get("messages");
        assertEquals(1, messages.size(), answer.body());
        assertEquals(seq, messages.get(0).get("seq").asLong());
        assertEquals("over https", messages.get(0).get("body").asText());
    }

    @Test
    void theTcpPortSpeaksTheSameFramesInsideTls() throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.tcpPort())) {
            socket.setSoTimeout(10_000);
            write(socket, Frames.hello(0, token("tls-tcp")));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals(FrameType.WELCOME, frameType(in));
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
            send("alice", "tls-tcp", "framed in tls");
            assertEquals(FrameType.MSG, frameType(in));
        }
    }

    @Test
    void aReconnectResumesItsSession() throws Exception {
        long fullBefore = server.tls().fullHandshakes();
        long resumedBefore = server.tls().resumedHandshakes();
        for (int i = 0; i < 3; i++) {
            try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.tcpPort())) {
                socket.setSoTimeout(10_000);
                write(socket, Frames.hello(0, token("tls-resume")));
                // WELCOME comes after the session ticket, so the client holds the ticket when it reads it.
                assertEquals(FrameType.WELCOME, frameType(new DataInputStream(socket.getInputStream())));
            }
        }
        // Another test may have made the first full handshake of this context to the TCP port.
        assertTrue(server.tls().fullHandshakes() - fullBefore <= 1, "full handshakes: " + (server.tls().fullHandshakes() - fullBefore));
        assertTrue(server.tls().resumedHandshakes() - resumedBefore >= 2, "resumed: " + (server.tls().resumedHandshakes() - resumedBefore));
        JsonNode tls = TestServer.parse(get("/stats", null).body()).get("tls");
        assertEquals(server.tls().certificate().fingerprintSha256(), tls.get("certificate_sha256").asText());
    }

    @Test
    void withoutResumptionEveryReconnectIsAFullHandshake() throws Exception {
        SSLContext fresh = ClientTls.trusting(server.tls().certificate().certificatePem(), false).context();
        long fullBefore = server.tls().fullHandshakes();
        for (int i = 0; i < 3; i++) {
            // The engine path is what the driver uses; a socket from the same context behaves alike.
            try (SSLSocket socket = (SSLSocket) fresh.getSocketFactory().createSocket("127.0.0.1", server.tcpPort())) {
                socket.setSoTimeout(10_000);
                write(socket, Frames.hello(0, token("tls-fresh")));
                assertEquals(FrameType.WELCOME, frameType(new DataInputStream(socket.getInputStream())));
                socket.getSession().invalidate();
            }
        }
        assertTrue(server.tls().fullHandshakes() - fullBefore >= 3);
    }

    @Test
    void wireBytesIncludeTheTlsRecords() throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.tcpPort())) {
            socket.setSoTimeout(10_000);
            write(socket, Frames.hello(0, token("tls-bytes")));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            frameType(in);
            send("alice", "tls-bytes", "x".repeat(100));
            assertEquals(FrameType.MSG, frameType(in));
        }
        JsonNode tcp = TestServer.parse(get("/stats", null).body()).get("tcp");
        long plain = tcp.get("bytes_out").asLong();
        long wire = tcp.get("wire_bytes_out").asLong();
        // Every record adds a 5-byte header, a content-type byte and a 16-byte tag; the handshake its certificate.
        assertTrue(plain > 0 && wire > plain + 22, "plain " + plain + ", wire " + wire);
        JsonNode send = TestServer.parse(get("/stats", null).body()).get("send");
        assertTrue(send.get("wire_bytes_in").asLong() > send.get("bytes_in").asLong(), send.toString());
    }

    @Test
    void wssDeliversOverJavaWebSocket() throws Exception {
        WsTestClient client = new WsTestClient("wss://127.0.0.1:" + server.httpPort() + "/ws?after=0",
                Map.of("Authorization", "Bearer " + token("tls-ws")));
        client.setSocketFactory(trusting.getSocketFactory());
        assertTrue(client.connectBlocking(5, java.util.concurrent.TimeUnit.SECONDS), "wss did not connect");
        try {
            send("alice", "tls-ws", "over wss");
            List<JsonNode> frames = client.take(1, 5_000);
            assertEquals("over wss", frames.get(0).get("body").asText(), frames.toString());
        } finally {
            client.closeBlocking();
        }
    }

    @Test
    void curlTrustsTheCertificateFileItIsGiven() throws Exception {
        Path pem = Files.createTempFile("deliverybench-cert", ".pem");
        try {
            Files.writeString(pem, server.tls().certificate().certificatePem());
            Process curl = new ProcessBuilder("curl", "-sS", "--tlsv1.3", "--cacert", pem.toString(),
                    "https://127.0.0.1:" + server.httpPort() + "/health").redirectErrorStream(true).start();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, curl.waitFor(), out);
            assertTrue(out.contains("\"ok\""), out);
        } finally {
            Files.deleteIfExists(pem);
        }
    }

    @Test
    void plainBytesToATlsPortGetAnAlertOrACloseNotAHang() throws Exception {
        for (int port : new int[] {server.httpPort(), server.tcpPort(), server.port(MqttPush.LISTENER)}) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                int first;
                try {
                    first = in.read();
                } catch (java.net.SocketException reset) {
                    first = -1;
                }
                // 0x15 is a TLS alert record; -1 a close. Anything else would be a plaintext answer.
                assertTrue(first == -1 || first == 0x15, "port " + port + " answered byte " + first);
            }
        }
    }

    private static void write(Socket socket, ByteBuffer frame) throws IOException {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    private static byte frameType(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte type = in.readByte();
        in.readFully(new byte[length - 1]);
        return type;
    }
}
