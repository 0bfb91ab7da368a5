package deliverybench.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/** WebSocket client frames (RFC 6455) that break the rules: lying lengths, oversized fragments and control frames, binary, unmasked. */
final class WebSocketFrames {

    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CONTINUATION = 0x0;
    private static final int PING = 0x9;

    private WebSocketFrames() {
    }

    /** "ws close 1009" when the server's answer holds a close frame (after any text frames), else what it was. */
    static String closeCode(RawConnection.Answer answer) {
        byte[] bytes = answer.bytes();
        int at = 0;
        while (at + 2 <= bytes.length) {
            int opcode = bytes[at] & 0x0f;
            int length = bytes[at + 1] & 0x7f;
            int header = length == 126 ? 4 : length == 127 ? 10 : 2;
            if (length >= 126) {
                if (at + header > bytes.length) {
                    break;
                }
                length = length == 126 ? ByteBuffer.wrap(bytes, at + 2, 2).getShort() & 0xffff
                        : (int) Math.min(Integer.MAX_VALUE, ByteBuffer.wrap(bytes, at + 2, 8).getLong());
            }
            if (opcode == 0x8 && length >= 2 && at + header + 2 <= bytes.length) {
                return "ws close " + (ByteBuffer.wrap(bytes, at + header, 2).getShort() & 0xffff);
            }
            at += header + length;
        }
        return "ws " + answer.summary();
    }

    /** One to three bad frames, back to back. */
    static byte[] hostile(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            byte[] frame = switch (random.nextInt(7)) {
                case 0 -> frame(TEXT, true, true, BadInput.bytes(random, random.nextInt(200)), -1);
                case 1 -> frame(TEXT, true, true, BadInput.bytes(random, 3_000), Long.MAX_VALUE >> 1);
                case 2 -> fragmented(random);
                case 3 -> frame(PING, true, true, BadInput.bytes(random, 200), -1);
                case 4 -> frame(BINARY, true, true, BadInput.bytes(random, 1 + random.nextInt(10_000)), -1);
                case 5 -> frame(TEXT, true, false, "{\"ack\": 1}".getBytes(), -1);
                default -> BadInput.bytes(random, 1 + random.nextInt(2_000));
            };
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    /** A text message in three fragments, together over the server's 4 KiB limit. */
    private static byte[] fragmented(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(frame(TEXT, false, true, BadInput.bytes(random, 2_000), -1));
        out.writeBytes(frame(CONTINUATION, false, true, BadInput.bytes(random, 2_000), -1));
        out.writeBytes(frame(CONTINUATION, true, true, BadInput.bytes(random, 2_000), -1));
        return out.toByteArray();
    }

    /** @param declared the payload length to put in the header, or -1 for the true one */
    private static byte[] frame(int opcode, boolean fin, boolean masked, byte[] payload, long declared) {
        long length = declared < 0 ? payload.length : declared;
        ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
        frame.put((byte) ((fin ? 0x80 : 0) | opcode));
        int mask = masked ? 0x80 : 0;
        if (length < 126) {
            frame.put((byte) (mask | length));
        } else if (length < 65_536) {
            frame.put((byte) (mask | 126)).putShort((short) length);
        } else {
            frame.put((byte) (mask | 127)).putLong(length);
        }
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        if (masked) {
            frame.put(key);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ (masked ? key[i % 4] : 0)));
        }
        frame.flip();
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }
}
