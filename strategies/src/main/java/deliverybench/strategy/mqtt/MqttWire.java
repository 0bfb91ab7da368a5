package deliverybench.strategy.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The packets the driver's MQTT clients write, and the fields they read from what the server (or a
 * broker) sends: a small hand-written subset of MQTT 3.1.1 (level 4) and 5, so that the client moves
 * bytes on the driver's XNIO threads like every other strategy's client.
 */
final class MqttWire {

    static final int CONNECT = 1;
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int SUBSCRIBE = 8;
    static final int SUBACK = 9;
    static final int PINGREQ = 12;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;
    /** MQTT 5 property identifiers read or written here. */
    private static final int SESSION_EXPIRY = 0x11;
    private static final int USER_PROPERTY = 0x26;

    /** A PUBLISH as read: its topic, packet id (0 at QoS 0) and payload (valid during the packet's call). */
    record Publish(String topic, int packetId, ByteBuffer payload) {
    }

    /** A PUBACK as read: the packet id, MQTT 5's reason code (0 when absent) and its {@code seq} user property (-1 when absent). */
    record PubAck(int packetId, int reasonCode, long seq) {
    }

    private MqttWire() {
    }

    static ByteBuffer connect(boolean v5, String clientId, String user, String password, boolean cleanSession,
                              int keepAliveS, long sessionExpiryS) {
        Body body = new Body();
        body.string("MQTT").u8(v5 ? 5 : 4).u8(0x80 | 0x40 | (cleanSession ? 0x02 : 0)).u16(keepAliveS);
        if (v5) {
            if (sessionExpiryS > 0) {
                body.varInt(5).u8(SESSION_EXPIRY).u32(sessionExpiryS);
            } else {
                body.varInt(0);
            }
        }
        body.string(clientId).string(user).string(password);
        return body.packet(CONNECT << 4);
    }

    static ByteBuffer subscribe(boolean v5, int packetId, String filter, int qos) {
        Body body = new Body().u16(packetId);
        if (v5) {
            body.varInt(0);
        }
        return body.string(filter).u8(qos).packet(SUBSCRIBE << 4 | 0x02);
    }

    static ByteBuffer publish(boolean v5, String topic, int packetId, byte[] payload) {
        Body body = new Body().string(topic);
        if (packetId > 0) {
            body.u16(packetId);
        }
        if (v5) {
            body.varInt(0);
        }
        body.out.write(payload, 0, payload.length);
        return body.packet(PUBLISH << 4 | (packetId > 0 ? 0x02 : 0));
    }

    /** A PUBACK of success: two bytes of packet id (MQTT 5 allows leaving out reason 0 and no properties). */
    static ByteBuffer pubAck(int packetId) {
        return new Body().u16(packetId).packet(PUBACK << 4);
    }

    static ByteBuffer pingReq() {
        return ByteBuffer.wrap(new byte[]{(byte) (PINGREQ << 4), 0});
    }

    static ByteBuffer disconnect() {
        return ByteBuffer.wrap(new byte[]{(byte) (DISCONNECT << 4), 0});
    }

    /** CONNACK's return code (3.1.1) or reason code (5). */
    static int connAckCode(ByteBuffer body) {
        return body.remaining() >= 2 ? body.get(body.position() + 1) & 0xff : 0x80;
    }

    /** The value of a CONNACK's MQTT 5 user property, or null. */
    static String connAckProperty(ByteBuffer body, String key) {
        if (body.remaining() < 3) {
            return null;
        }
        ByteBuffer props = body.duplicate().position(body.position() + 2);
        return userProperty(props, key);
    }

    static Publish publish(int typeAndFlags, ByteBuffer body, boolean v5) {
        String topic = string(body);
        int qos = (typeAndFlags >> 1) & 0x03;
        int packetId = qos > 0 ? u16(body) : 0;
        if (v5) {
            skip(body, varInt(body));
        }
        return new Publish(topic, packetId, body.slice());
    }

    static PubAck pubAck(ByteBuffer body) {
        int packetId = u16(body);
        if (!body.hasRemaining()) {
            return new PubAck(packetId, 0, -1);
        }
        int reason = body.get() & 0xff;
        String seq = body.hasRemaining() ? userProperty(body, "seq") : null;
        return new PubAck(packetId, reason, seq == null ? -1 : Long.parseLong(seq));
    }

    /** The first SUBACK return code. */
    static int subAckCode(ByteBuffer body, boolean v5) {
        u16(body);
        if (v5) {
            skip(body, varInt(body));
        }
        return body.hasRemaining() ? body.get() & 0xff : 0x80;
    }

    /** Reads a properties block (length, then properties) for one user property's value. */
    private static String userProperty(ByteBuffer body, String key) {
        int end = varInt(body);
        end += body.position();
        if (end > body.limit()) {
            throw new IllegalArgumentException("properties run past the packet");
        }
        while (body.position() < end) {
            int id = varInt(body);
            if (id == USER_PROPERTY) {
                String k = string(body);
                String v = string(body);
                if (k.equals(key)) {
                    return v;
                }
            } else {
                skipProperty(body, id);
            }
        }
        return null;
    }

    /** Skips one property's value by its identifier's type (MQTT 5 section 2.2.2.2). */
    private static void skipProperty(ByteBuffer body, int id) {
        switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> skip(body, 1);
            case 0x13, 0x21, 0x22, 0x23 -> skip(body, 2);
            case 0x02, 0x11, 0x18, 0x27 -> skip(body, 4);
            case 0x0B -> varInt(body);
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> skip(body, u16(body));
            default -> throw new IllegalArgumentException("unknown MQTT 5 property " + id);
        }
    }

    static int varInt(ByteBuffer body) {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = body.get() & 0xff;
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a variable byte integer of more than four bytes");
    }

    static int u16(ByteBuffer body) {
        return body.getShort() & 0xffff;
    }

    static String string(ByteBuffer body) {
        int length = u16(body);
        if (length > body.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " bytes in " + body.remaining());
        }
        ByteBuffer bytes = body.slice(body.position(), length);
        body.position(body.position() + length);
        return StandardCharsets.UTF_8.decode(bytes).toString();
    }

    private static void skip(ByteBuffer body, int n) {
        if (n < 0 || n > body.remaining()) {
            throw new IllegalArgumentException("skipping " + n + " bytes of " + body.remaining());
        }
        body.position(body.position() + n);
    }

    /** A packet's variable header and payload as they are written, then framed with its fixed header. */
    private static final class Body {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Body u8(int v) {
            out.write(v);
            return this;
        }

        Body u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Body u32(long v) {
            return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
        }

        Body varInt(int v) {
            do {
                int b = v & 0x7f;
                v >>>= 7;
                out.write(v > 0 ? b | 0x80 : b);
            } while (v > 0);
            return this;
        }

        Body string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            u16(bytes.length);
            out.write(bytes, 0, bytes.length);
            return this;
        }

        ByteBuffer packet(int typeAndFlags) {
            Body header = new Body().u8(typeAndFlags).varInt(out.size());
            ByteBuffer packet = ByteBuffer.allocate(header.out.size() + out.size());
            packet.put(header.out.toByteArray()).put(out.toByteArray()).flip();
            return packet;
        }
    }
}
