package deliverybench.strategy.mqtt;

import java.nio.ByteBuffer;

/**
 * The driver's side of MQTT framing: splits a byte stream into packets (a type-and-flags byte, a
 * remaining length of one to four 7-bit groups, the rest). The remaining length is checked against the
 * limit before anything is allocated for it; the buffer grows only as bytes arrive.
 */
final class MqttPacketDecoder {

    /** Thrown for a stream that is not MQTT or a packet over the limit; the connection is then closed. */
    static final class MalformedPacket extends Exception {
        MalformedPacket(String message) {
            super(message);
        }
    }

    /** Receives one packet; {@code body} (everything after the remaining length) is valid only during the call. */
    @FunctionalInterface
    interface PacketSink {
        void packet(int typeAndFlags, ByteBuffer body) throws MalformedPacket;
    }

    static final int INITIAL_CAPACITY = 4_096;
    /** The most bytes a fixed header takes: a type byte and four of remaining length. */
    static final int MAX_HEADER_BYTES = 5;

    private final int maxRemaining;
    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_CAPACITY);

    /** @param maxRemaining the largest remaining length taken */
    MqttPacketDecoder(int maxRemaining) {
        if (maxRemaining < 0 || maxRemaining > 268_435_455) {
            throw new IllegalArgumentException("the remaining length of MQTT is 0 to 268,435,455, was " + maxRemaining);
        }
        this.maxRemaining = maxRemaining;
    }

    /** The buffer to read the next bytes into (in write mode, with room left). */
    ByteBuffer readTarget() {
        if (!buffer.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(buffer.capacity() * 2, MAX_HEADER_BYTES + maxRemaining));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        return buffer;
    }

    /** Hands every complete packet now buffered to the sink, keeping a partial one for later. */
    void decode(PacketSink sink) throws MalformedPacket {
        buffer.flip();
        try {
            while (buffer.remaining() >= 2) {
                int start = buffer.position();
                int remaining = 0;
                int at = start + 1;
                int shift = 0;
                boolean complete = false;
                while (at < buffer.limit()) {
                    int b = buffer.get(at++) & 0xff;
                    remaining |= (b & 0x7f) << shift;
                    if ((b & 0x80) == 0) {
                        complete = true;
                        break;
                    }
                    shift += 7;
                    if (shift == 28) {
                        throw new MalformedPacket("a remaining length of more than four bytes");
                    }
                }
                if (!complete) {
                    return;
                }
                if (remaining > maxRemaining) {
                    throw new MalformedPacket("a packet of " + remaining + " bytes is over the limit of " + maxRemaining);
                }
                if (buffer.limit() - at < remaining) {
                    return;
                }
                int typeAndFlags = buffer.get(start) & 0xff;
                ByteBuffer body = buffer.slice(at, remaining);
                buffer.position(at + remaining);
                sink.packet(typeAndFlags, body);
            }
        } finally {
            buffer.compact();
        }
    }

    int capacity() {
        return buffer.capacity();
    }
}
