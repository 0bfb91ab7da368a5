package deliverybench.strategy.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.ServerConfig;
import deliverybench.core.limits.ConnectionLimits;
import deliverybench.testkit.Await;
import deliverybench.tls.ClientTls;
import deliverybench.tls.ServerTls;
import deliverybench.tls.TlsCertificate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MQTT port under {@code serve --tls}: Paho over {@code ssl://}, handshakes and wire bytes counted, the hostile-input bounds. */
class MqttTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Short, so that a stalled handshake is seen closed well before Netty's own 10 s handshake timeout. */
    private static final long HELLO_TIMEOUT_MS = 2_000;
    private static final int HANDSHAKES_PER_ADDRESS = 3;
    /** A record header that promises a 512-byte ClientHello, then 16 bytes of it, then nothing. */
    private static final byte[] HALF_A_CLIENT_HELLO = java.util.Arrays.copyOf(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}, 21);

    private static MqttServerFixture server;
    private static ServerTls tls;
    private static SSLContext trusting;

    @BeforeAll
    static void start() throws IOException {
        tls = new ServerTls(TlsCertificate.selfSigned(TlsCertificate.loopbackNames("127.0.0.1")));
        server = new MqttServerFixture(ServerConfig.forTests(MqttServerFixture.SECRET).withConnectionLimits(
                ConnectionLimits.DEFAULT.withHandshakesPerAddress(HANDSHAKES_PER_ADDRESS).withTimeouts(HELLO_TIMEOUT_MS,
                        ConnectionLimits.DEFAULT_REQUEST_TIMEOUT_MS, ConnectionLimits.DEFAULT_IDLE_TIMEOUT_MS)), tls);
        trusting = ClientTls.trusting(tls.certificate().certificatePem(), true).context();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pahoOverSslReceivesAMessageAndItsPubAckIsTheAck() throws Exception {
        List<String> payloads = new CopyOnWriteArrayList<>();
        MqttClient client = new MqttClient(server.uri(), "tls-alice/phone", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                payloads.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName("tls-alice");
        options.setPassword(server.token("tls-alice").toCharArray());
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        options.setSocketFactory(trusting.getSocketFactory());
        try {
            client.connect(options);
            client.subscribe("inbox/tls-alice", 1);
            long seq = server.post("bob", "tls-alice", "inside tls");
            Await.untilEquals(1, payloads::size, WAIT, "messages over ssl://");
            JsonNode message = MqttServerFixture.JSON.readTree(payloads.get(0));
            assertEquals(seq, message.path("seq").asLong());
            assertEquals("inside tls", message.path("body").asText());
            // Paho's PUBACK reached the server through the records: nothing is left unacknowledged.
            Await.untilEquals(0L, () -> stat("unacked_messages"), WAIT, "unacked after Paho's PUBACK");
        } finally {
            client.disconnectForcibly(100, 100);
            client.close(true);
        }
    }

    @Test
    void handshakesAreCountedAndAReconnectResumes() throws Exception {
        long fullBefore = tls.fullHandshakes();
        long resumedBefore = tls.resumedHandshakes();
        for (int i = 0; i < 3; i++) {
            try (RawMqtt raw = new RawMqtt(trusting.getSocketFactory().createSocket("127.0.0.1", server.port()))) {
                raw.write(MqttWire.connect(true, "tls-carol/d" + i, "tls-carol", server.token("tls-carol"), true, 0, 0));
                RawMqtt.Packet connAck = raw.next();
                assertEquals(MqttWire.CONNACK, connAck.type());
                assertEquals(0, MqttWire.connAckCode(connAck.body()));
            }
        }
        // Another test may have made this context's first full handshake to the port.
        assertTrue(tls.fullHandshakes() - fullBefore <= 1, "full: " + (tls.fullHandshakes() - fullBefore));
        assertTrue(tls.resumedHandshakes() - resumedBefore >= 2, "resumed: " + (tls.resumedHandshakes() - resumedBefore));
        JsonNode counted = MqttServerFixture.JSON.readTree(server.server.statsJson()).path("tls");
        assertEquals(tls.fullHandshakes(), counted.path("handshakes_full").asLong(), counted.toString());
    }

    @Test
    void wireBytesIncludeTheRecordsAroundThePackets() throws Exception {
        try (RawMqtt raw = new RawMqtt(trusting.getSocketFactory().createSocket("127.0.0.1", server.port()))) {
            raw.write(MqttWire.connect(true, "tls-dave/phone", "tls-dave", server.token("tls-dave"), true, 0, 0));
            assertEquals(MqttWire.CONNACK, raw.next().type());
            raw.write(MqttWire.subscribe(true, 1, "inbox/tls-dave", 1));
            assertEquals(MqttWire.SUBACK, raw.next().type());
            server.post("bob", "tls-dave", "x".repeat(100));
            assertEquals(MqttWire.PUBLISH, raw.next().type());
        }
        long plainOut = stat("bytes_out");
        long wireOut = stat("wire_bytes_out");
        // Every record adds a 5-byte header, a content-type byte and a 16-byte tag; the handshake its certificate.
        assertTrue(plainOut > 0 && wireOut > plainOut + 22, "plain " + plainOut + ", wire " + wireOut);
        assertTrue(stat("wire_bytes_in") > stat("bytes_in"), "in: plain " + stat("bytes_in") + ", wire " + stat("wire_bytes_in"));
    }

    @Test
    void plainMqttToTheTlsPortGetsAnAlertOrACloseNeverACONNACK() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            byte[] connect = bytes(MqttWire.connect(false, "tls-eve/phone", "tls-eve", server.token("tls-eve"), true, 0, 0));
            socket.getOutputStream().write(connect);
            int first;
            try {
                first = socket.getInputStream().read();
            } catch (java.net.SocketException reset) {
                first = -1;
            }
            // 0x15 is a TLS alert record; -1 a close. A CONNACK in clear would start with 0x20.
            assertTrue(first == -1 || first == 0x15, "answered byte " + first);
        }
    }

    @Test
    void handshakesThatNeverFinishAreCappedPerAddressAndClosedByTheHelloTimeout() throws Exception {
        List<RawMqtt> opened = new java.util.ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int i = 0; i <= HANDSHAKES_PER_ADDRESS; i++) {
                opened.add(new RawMqtt(new Socket("127.0.0.1", server.port())).write(HALF_A_CLIENT_HELLO));
            }
            List<RawMqtt> stalled = new java.util.ArrayList<>(opened);
            // Two loop threads accept them in either order: whichever came last over the cap is closed at once.
            long deadlineNs = start + HELLO_TIMEOUT_MS / 2 * 1_000_000;
            List<RawMqtt> refused = new java.util.ArrayList<>();
            for (RawMqtt raw : stalled) {
                if (raw.closedWithin(Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000))) {
                    refused.add(raw);
                }
            }
            assertEquals(1, refused.size(), "connections closed before the hello timeout, of " + stalled.size());
            stalled.removeAll(refused);
            for (RawMqtt raw : stalled) {
                assertTrue(raw.closedWithin(HELLO_TIMEOUT_MS + 4_000), "a stalled handshake outlived the hello timeout");
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= HELLO_TIMEOUT_MS - 200, "closed before the timeout: " + elapsedMs + " ms");
        } finally {
            for (RawMqtt raw : opened) {
                raw.close();
            }
        }
        // Their places are free again: a whole handshake and CONNECT get through.
        Await.until(() -> {
            try (RawMqtt raw = new RawMqtt(trusting.getSocketFactory().createSocket("127.0.0.1", server.port()))) {
                raw.write(MqttWire.connect(true, "tls-frank/phone", "tls-frank", server.token("tls-frank"), true, 0, 0));
                return raw.next().type() == MqttWire.CONNACK;
            } catch (Exception refused) {
                return false;
            }
        }, WAIT, "a TLS CONNECT after the stalled handshakes closed");
    }

    private static long stat(String key) {
        try {
            return server.stats().path(key).asLong();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(java.nio.ByteBuffer packet) {
        byte[] bytes = new byte[packet.remaining()];
        packet.get(bytes);
        return bytes;
    }
}
