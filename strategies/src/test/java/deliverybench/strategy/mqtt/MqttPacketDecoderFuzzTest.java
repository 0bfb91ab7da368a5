package deliverybench.strategy.mqtt;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MQTT paths we own under coverage-guided fuzzing: the driver's packet decoder and field readers
 * (any bytes, split anywhere, give packets or its own error, with a buffer that grows only with what
 * arrived), the server's splitter in front of Netty's decoder (whole packets under the bound, or its own
 * error), and the server's topic and send-payload parsers (any string is a topic of ours or refused).
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
    void anyBytesReachNettysDecoderAsWholePacketsUnderTheBound(FuzzedDataProvider data) {
        int limit = data.consumeInt(0, MqttEndpoint.MAX_PACKET_BYTES);
        byte[] stream = data.consumeBytes(data.consumeInt(0, 200_000));
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFrameSplitter(limit));
        int offset = 0;
        try {
            while (offset < stream.length) {
                int n = Math.min(stream.length - offset, data.consumeInt(1, 9_000));
                channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, n));
                offset += n;
                for (ByteBuf packet = channel.readInbound(); packet != null; packet = channel.readInbound()) {
                    try {
                        int remaining = 0;
                        int at = 1;
                        for (int shift = 0; ; shift += 7) {
                            int b = packet.getUnsignedByte(at++);
                            remaining |= (b & 0x7f) << shift;
                            if ((b & 0x80) == 0) {
                                break;
                            }
                        }
                        assertEquals(at + remaining, packet.readableBytes(), "one whole packet");
                        assertTrue(remaining <= limit, remaining + " over " + limit);
                    } finally {
                        packet.release();
                    }
                }
            }
        } catch (DecoderException e) {
            // TooLongFrameException or CorruptedFrameException: the connection is closed.
            assertTrue(e.getMessage() != null);
        } finally {
            channel.finishAndReleaseAll();
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
