package deliverybench.strategy.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.limits.ConnectionLimits;
import deliverybench.core.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MQTT 5 over our own encoder (Paho 1.2.5 speaks 3.1.1 only): the refusal reason codes, the seq of a
 * send, the epoch and the gone topic; and the hostile-input bounds: packets before CONNECT, the CONNECT
 * timeout, a declared remaining length over the bound, an over-long topic.
 */
class Mqtt5AndBoundsTest {

    private MqttServerFixture server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RawMqtt connected(String user, String device) throws Exception {
        RawMqtt raw = new RawMqtt(server.port());
        raw.write(MqttWire.connect(true, user + "/" + device, user, server.token(user), true, 0, 0));
        RawMqtt.Packet connAck = raw.next();
        assertEquals(MqttWire.CONNACK, connAck.type());
        assertEquals(0, MqttWire.connAckCode(connAck.body()));
        return raw;
    }

    @Test
    void aBadTokenGetsReason0x87AndIsCounted() throws Exception {
        server = new MqttServerFixture();
        try (RawMqtt raw = new RawMqtt(server.port())) {
            raw.write(MqttWire.connect(true, "alice/phone", "alice", "not-a-token", true, 0, 0));
            RawMqtt.Packet connAck = raw.next();
            assertEquals(MqttWire.CONNACK, connAck.type());
            assertEquals(0x87, MqttWire.connAckCode(connAck.body()));
            assertTrue(raw.closedWithin(2_000), "closed after the refusal");
        }
        assertEquals(1, server.stats().path("auth_refused").asLong());
    }

    @Test
    void aSendIsAnsweredWithItsSeqAndRefusalsWithReasonCodes() throws Exception {
        server = new MqttServerFixture();
        server.post("carol", "bob", "first");
        try (RawMqtt raw = connected("alice", "phone")) {
            raw.write(MqttWire.publish(true, "inbox/bob", 7, "{\"body\":\"second\"}".getBytes(StandardCharsets.UTF_8)));
            MqttWire.PubAck sent = MqttWire.pubAck(raw.next().body());
            assertEquals(new MqttWire.PubAck(7, 0, 2), sent);

            raw.write(MqttWire.publish(true, "inbox/bob", 8, "{\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0x99, MqttWire.pubAck(raw.next().body()).reasonCode());

            raw.write(MqttWire.publish(true, "inbox/not a user", 9, "{\"body\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0x90, MqttWire.pubAck(raw.next().body()).reasonCode());

            String big = "{\"body\":\"" + "x".repeat(65_537) + "\"}";
            raw.write(MqttWire.publish(true, "inbox/bob", 10, big.getBytes(StandardCharsets.UTF_8)));
            assertEquals(0x97, MqttWire.pubAck(raw.next().body()).reasonCode());
            assertEquals(2, server.inbox("bob").size(), "only the good send was stored");
        }
    }

    @Test
    void theEpochComesInTheConnAckAndAStaleOneGetsTheGoneTopic() throws Exception {
        server = new MqttServerFixture();
        server.post("bob", "alice", "m1");
        long epoch = server.server.store().epoch();
        try (RawMqtt raw = new RawMqtt(server.port())) {
            raw.write(MqttWire.connect(true, "alice/phone", "alice", server.token("alice"), true, 0, 0));
            RawMqtt.Packet connAck = raw.next();
            assertEquals(Long.toString(epoch), MqttWire.connAckProperty(connAck.body(), "epoch"));
            raw.write(MqttWire.subscribe(true, 1, MqttTopics.after("alice", 0, epoch + 1), 1));
            assertEquals(1, MqttWire.subAckCode(raw.next().body(), true));
            RawMqtt.Packet gone = raw.next();
            MqttWire.Publish publish = MqttWire.publish(gone.typeAndFlags(), gone.body(), true);
            assertEquals("inbox/alice/gone", publish.topic());
            JsonNode body = MqttServerFixture.JSON.readTree(StandardCharsets.UTF_8.decode(publish.payload()).toString());
            assertEquals(1, body.path("oldest").asLong());
            assertEquals(epoch, body.path("epoch").asLong());
            assertTrue(raw.closedWithin(2_000), "closed after gone");
        }
        try (RawMqtt raw = connected("alice", "phone")) {
            raw.write(MqttWire.subscribe(true, 1, MqttTopics.after("alice", 0, epoch), 1));
            assertEquals(1, MqttWire.subAckCode(raw.next().body(), true));
            MqttWire.Publish message = MqttWire.publish(0x32, raw.next().body(), true);
            assertEquals("inbox/alice", message.topic());
            assertEquals(1, message.packetId());
        }
    }

    @Test
    void aPacketBeforeConnectClosesTheConnection() throws Exception {
        server = new MqttServerFixture();
        try (RawMqtt raw = new RawMqtt(server.port())) {
            raw.write(MqttWire.subscribe(false, 1, "inbox/alice", 1));
            assertTrue(raw.closedWithin(2_000), "closed without CONNECT");
        }
    }

    @Test
    void noConnectWithinTheHelloTimeoutCloses() throws Exception {
        server = new MqttServerFixture(ServerConfig.forTests(MqttServerFixture.SECRET).withConnectionLimits(
                ConnectionLimits.DEFAULT.withTimeouts(300, ConnectionLimits.DEFAULT_REQUEST_TIMEOUT_MS,
                        ConnectionLimits.DEFAULT_IDLE_TIMEOUT_MS)));
        try (RawMqtt raw = new RawMqtt(server.port())) {
            long start = System.nanoTime();
            assertTrue(raw.closedWithin(3_000), "closed after the CONNECT timeout");
            assertTrue(System.nanoTime() - start > 200_000_000L, "not before the timeout");
        }
    }

    @Test
    void aDeclaredLengthOverTheBoundIsRefusedBeforeItArrives() throws Exception {
        server = new MqttServerFixture();
        try (RawMqtt raw = connected("alice", "phone")) {
            // A PUBLISH declaring 268 MB, the most MQTT can say, followed by nothing.
            raw.write(new byte[]{0x32, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
            RawMqtt.Packet disconnect = raw.next();
            assertEquals(MqttWire.DISCONNECT, disconnect.type());
            assertEquals(0x95, disconnect.body().get(0) & 0xff);
            assertTrue(raw.closedWithin(2_000));
        }
        try (RawMqtt raw = new RawMqtt(server.port())) {
            // Before CONNECT the bound is a CONNECT's worth: a CONNECT declaring 6,000 bytes closes at once.
            raw.write(new byte[]{0x10, (byte) 0xf0, 0x2e});
            assertTrue(raw.closedWithin(2_000));
        }
    }

    @Test
    void aPacketSplitInItsVariableHeaderIsStillOnePacket() throws Exception {
        server = new MqttServerFixture();
        try (RawMqtt raw = connected("alice", "phone")) {
            ByteBuffer publish = MqttWire.publish(true, "inbox/bob", 11, "{\"body\":\"split\"}".getBytes(StandardCharsets.UTF_8));
            byte[] bytes = new byte[publish.remaining()];
            publish.get(bytes);
            // Netty's decoder alone calls this packet too long: its header arrives in two reads.
            raw.write(java.util.Arrays.copyOfRange(bytes, 0, 6));
            Thread.sleep(200);
            raw.write(java.util.Arrays.copyOfRange(bytes, 6, bytes.length));
            RawMqtt.Packet ack = raw.next();
            assertEquals(MqttWire.PUBACK, ack.type());
            assertEquals(new MqttWire.PubAck(11, 0, 1), MqttWire.pubAck(ack.body()));
        }
    }

    @Test
    void anOverLongTopicIsRefusedInTheSubAck() throws Exception {
        server = new MqttServerFixture();
        try (RawMqtt raw = connected("alice", "phone")) {
            raw.write(MqttWire.subscribe(true, 3, "inbox/alice/" + "a".repeat(MqttTopics.MAX_TOPIC_CHARS), 1));
            RawMqtt.Packet subAck = raw.next();
            assertEquals(MqttWire.SUBACK, subAck.type());
            assertEquals(0x80, MqttWire.subAckCode(subAck.body(), true));
        }
    }

    @Test
    void packetIdsWrapAndAPubAckNamesTheLatestSeqWithThatId() {
        assertEquals(1, MqttDeliveries.packetId(1));
        assertEquals(65_535, MqttDeliveries.packetId(65_535));
        assertEquals(1, MqttDeliveries.packetId(65_536));
        assertEquals(ByteBuffer.wrap(new byte[]{0x40, 2, 0, 5}), MqttWire.pubAck(5));
    }
}
