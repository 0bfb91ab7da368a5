package deliverybench.strategy.mqtt;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MQTT paths we own under coverage-guided fuzzing: the driver's packet decoder and field readers
 * (any bytes, split anywhere, give packets or its own error, with a buffer that grows only with what
 * arrived), and the server's topic and send-payload parsers (any string is a topic of ours or refused).
 */
class MqttPacketDecoderFuzzTest {

    @FuzzTest
    void anyBytesGivePacketsOrTheDecodersOwnError(FuzzedDataProvider data) {
        int limit = data.consumeInt(0, MqttEndpoint.MAX_PACKET_BYTES);
        boolean v5 = data.consumeBoolean();
        byte[] stream = data.consumeBytes(data.consumeInt(0, 200_000));
        MqttPacketDecoder decoder = new MqttPacketDecoder(limit);
        long arrived = 0;
        int offset = 0;
        try {
            while (offset < stream.length) {
                ByteBuffer target = decoder.readTarget();
                int n = Math.min(target.remaining(), Math.min(stream.length - offset, data.consumeInt(1, 9_000)));
                target.put(stream, offset, n);
                offset += n;
                arrived += n;
                decoder.decode((typeAndFlags, body) -> {
                    assertTrue(body.remaining() <= limit, "a body of " + body.remaining() + " over " + limit);
                    readFields(typeAndFlags, body.duplicate(), v5);
                });
                assertTrue(decoder.capacity() <= Math.max(MqttPacketDecoder.INITIAL_CAPACITY,
                        MqttPacketDecoder.MAX_HEADER_BYTES + limit), "buffered past one packet: " + decoder.capacity());
                assertTrue(decoder.capacity() <= Math.max(MqttPacketDecoder.INITIAL_CAPACITY, 2 * arrived),
                        "a buffer of " + decoder.capacity() + " after " + arrived + " bytes");
            }
        } catch (MqttPacketDecoder.MalformedPacket e) {
            assertTrue(e.getMessage() != null);
        }
    }

    /** What the receiver and the send link read from a packet: any failure is one the connection catches. */
    private static void readFields(int typeAndFlags, ByteBuffer body, boolean v5) {
        try {
            switch (typeAndFlags >> 4) {
                case MqttWire.CONNACK -> {
                    MqttWire.connAckCode(body);
                    MqttWire.connAckProperty(body, "epoch");
                }
                case MqttWire.PUBLISH -> MqttWire.publish(typeAndFlags, body, v5);
                case MqttWire.PUBACK -> MqttWire.pubAck(body);
                case MqttWire.SUBACK -> MqttWire.subAckCode(body, v5);
                default -> {
                }
            }
        } catch (IllegalArgumentException | BufferUnderflowException | IndexOutOfBoundsException e) {
            // Caught as RuntimeException by MqttReceiver and MqttSendLink, which close the connection.
        }
    }

    @FuzzTest
    void anyTopicIsAnInboxOfOursOrRefused(FuzzedDataProvider data) {
        String filter = data.consumeRemainingAsString();
        MqttTopics.Subscription asked = MqttTopics.subscription(filter);
        if (asked != null) {
            assertTrue(filter.length() <= MqttTopics.MAX_TOPIC_CHARS);
            String again = asked.after() < 0 ? MqttTopics.inbox(asked.user())
                    : MqttTopics.after(asked.user(), asked.after(), asked.epoch());
            assertEquals(filter, again, "a topic taken is the one it parses to");
        }
        String to = MqttTopics.recipient(filter);
        if (to != null) {
            assertEquals(filter, MqttTopics.inbox(to));
        }
    }

    @FuzzTest
    void anySendPayloadIsABodyOrRefused(FuzzedDataProvider data) {
        byte[] payload = data.consumeRemainingAsBytes();
        try {
            String body = MqttSends.body(payload);
            assertTrue(body != null);
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage() != null || e.getCause() != null);
        }
    }
}
