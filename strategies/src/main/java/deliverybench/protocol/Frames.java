package deliverybench.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Encodes the frames of the raw TCP protocol; each method returns a buffer ready to write. */
public final class Frames {

    /** The bytes of a MSG frame before its sender: u32 length, u8 type, u64 seq. */
    public static final int MSG_HEAD_BYTES = 4 + 1 + 8;

    private Frames() {
    }

    public static ByteBuffer hello(long after, String token) {
        byte[] tokenBytes = token.getBytes(StandardCharsets.UTF_8);
        return frame(FrameType.HELLO, 8 + tokenBytes.length).putLong(after).put(tokenBytes).flip();
    }

    /** HELLO of contract v2: resume after {@code after} of {@code epoch} (0 when not known yet). */
    public static ByteBuffer hello2(long after, long epoch, String token) {
        byte[] tokenBytes = token.getBytes(StandardCharsets.UTF_8);
        return frame(FrameType.HELLO2, 16 + tokenBytes.length).putLong(after).putLong(epoch).put(tokenBytes).flip();
    }

    /** WELCOME answering HELLO (contract v1): the inbox's highest seq. */
    public static ByteBuffer welcome(long highestSeq) {
        return frame(FrameType.WELCOME, 8).putLong(highestSeq).flip();
    }

    /** WELCOME answering HELLO2: the inbox's highest seq, then the store's epoch. */
    public static ByteBuffer welcome(long highestSeq, long epoch) {
        return frame(FrameType.WELCOME, 16).putLong(highestSeq).putLong(epoch).flip();
    }

    public static ByteBuffer msg(long seq, String from, String body) {
        ByteBuffer tail = msgTail(from, body);
        return ByteBuffer.allocate(MSG_HEAD_BYTES + tail.remaining()).put(msgHead(seq, tail)).put(tail).flip();
    }

    /**
     * The part of a MSG frame every copy of a message shares: u16 from length, from, body, as a read-only buffer
     * (each writer takes a {@code duplicate()} of it; the bytes are never written again).
     */
    public static ByteBuffer msgTail(String from, String body) {
        byte[] fromBytes = from.getBytes(StandardCharsets.UTF_8);
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + fromBytes.length + bodyBytes.length)
                .putShort((short) fromBytes.length).put(fromBytes).put(bodyBytes).flip().asReadOnlyBuffer();
    }

    /** The head of the MSG frame of {@code seq} whose shared part is {@code tail}: one copy's own 13 bytes. */
    public static ByteBuffer msgHead(long seq, ByteBuffer tail) {
        return ByteBuffer.allocate(MSG_HEAD_BYTES).putInt(1 + 8 + tail.remaining()).put(FrameType.MSG).putLong(seq).flip();
    }

    public static ByteBuffer ack(long seq) {
        return frame(FrameType.ACK, 8).putLong(seq).flip();
    }

    public static ByteBuffer ping(long nonce) {
        return frame(FrameType.PING, 8).putLong(nonce).flip();
    }

    public static ByteBuffer pong(long nonce) {
        return frame(FrameType.PONG, 8).putLong(nonce).flip();
    }

    public static ByteBuffer error(int code, String text) {
        byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
        return frame(FrameType.ERROR, 2 + textBytes.length).putShort((short) code).put(textBytes).flip();
    }

    /** SEND of contract v3: {@code id} is the client's own number, answered in SENT or SEND_FAILED. */
    public static ByteBuffer send(long id, String to, String body) {
        byte[] toBytes = to.getBytes(StandardCharsets.UTF_8);
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        return frame(FrameType.SEND, 4 + 2 + toBytes.length + bodyBytes.length)
                .putInt((int) id).putShort((short) toBytes.length).put(toBytes).put(bodyBytes).flip();
    }

    /**
     * A SEND frame's payload, read: {@code to} or {@code body} is null when its bytes are not valid
     * UTF-8 (the server refuses that send by id, and the connection stays open).
     */
    public record Send(long id, String to, String body) {
    }

    /**
     * Reads a SEND payload: {@code u32 id}, {@code u16 to length}, to, body. A payload too short for
     * its own lengths is malformed; nothing is allocated past what the payload holds.
     */
    public static Send readSend(ByteBuffer payload) throws FrameException {
        if (payload.remaining() < 6) {
            throw new FrameException(400, "SEND needs u32 id, u16 to length, to, then the body");
        }
        long id = Integer.toUnsignedLong(payload.getInt());
        int toLength = payload.getShort() & 0xffff;
        if (toLength > payload.remaining()) {
            throw new FrameException(400, "SEND's to length " + toLength + " is past the frame's end");
        }
        String to = strictUtf8(payload, toLength);
        String body = strictUtf8(payload, payload.remaining());
        return new Send(id, to, body);
    }

    private static String strictUtf8(ByteBuffer payload, int length) {
        ByteBuffer bytes = payload.slice(payload.position(), length);
        payload.position(payload.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    public static ByteBuffer sent(long id, long seq) {
        return frame(FrameType.SENT, 4 + 8).putInt((int) id).putLong(seq).flip();
    }

    public static ByteBuffer sendFailed(long id, int code, String text) {
        byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
        return frame(FrameType.SEND_FAILED, 4 + 2 + textBytes.length).putInt((int) id).putShort((short) code)
                .put(textBytes).flip();
    }

    /** Reads a UTF-8 string from the rest of the buffer. */
    public static String restAsString(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ByteBuffer frame(byte type, int payloadBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 1 + payloadBytes);
        return buffer.putInt(1 + payloadBytes).put(type);
    }
}
