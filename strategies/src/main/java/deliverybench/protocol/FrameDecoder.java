package deliverybench.protocol;

import java.nio.ByteBuffer;

/**
 * Splits a TCP byte stream into frames: {@code u32 length, u8 type, payload}. Bytes may arrive split
 * at any point; the buffer grows only when bytes that arrived fill it, never to a declared length,
 * and never beyond one frame of the current limit.
 */
public final class FrameDecoder {

    /** The largest allowed value of the length field (type + payload): 65,536 + 1,024 bytes. */
    public static final int MAX_FRAME_LENGTH = 65_536 + 1_024;
    static final int HEADER_BYTES = 4;
    static final int INITIAL_CAPACITY = 4_096;

    /** Receives one frame; {@code payload} is valid only during the call. */
    @FunctionalInterface
    public interface FrameSink {
        void frame(byte type, ByteBuffer payload) throws FrameException;
    }

    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_CAPACITY);
    private int maxFrameLength;

    public FrameDecoder() {
        this(MAX_FRAME_LENGTH);
    }

    /** @param maxFrameLength the largest length field taken, at most {@link #MAX_FRAME_LENGTH} */
    public FrameDecoder(int maxFrameLength) {
        limit(maxFrameLength);
    }

    /** Changes the largest length field taken from now on (a connection raises it once its HELLO is accepted). */
    public void limit(int maxFrameLength) {
        if (maxFrameLength < 1 || maxFrameLength > MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("max frame length must be from 1 to " + MAX_FRAME_LENGTH + ", was " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    /** The buffer to read the next bytes into (in write mode, with room left). */
    public ByteBuffer readTarget() {
        if (!buffer.hasRemaining()) {
            // Full of one partial frame that arrived: room for as much again, capped at the largest frame.
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(buffer.capacity() * 2, HEADER_BYTES + maxFrameLength));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        return buffer;
    }

    /** Hands every complete frame now buffered to the sink, keeping any partial frame for later. */
    public void decode(FrameSink sink) throws FrameException {
        buffer.flip();
        try {
            while (buffer.remaining() >= HEADER_BYTES) {
                int start = buffer.position();
                long length = Integer.toUnsignedLong(buffer.getInt(start));
                if (length < 1) {
                    throw new FrameException(400, "frame length 0: a frame has at least a type byte");
                }
                if (length > maxFrameLength) {
                    throw new FrameException(413, "frame length " + length + " is over the limit of " + maxFrameLength);
                }
                if (buffer.remaining() < HEADER_BYTES + length) {
                    return;
                }
                byte type = buffer.get(start + HEADER_BYTES);
                ByteBuffer payload = buffer.slice(start + HEADER_BYTES + 1, (int) length - 1);
                buffer.position(start + HEADER_BYTES + (int) length);
                sink.frame(type, payload);
            }
        } finally {
            buffer.compact();
        }
    }

    /** How many bytes are buffered waiting for the rest of their frame. */
    public int buffered() {
        return buffer.position();
    }

    public int capacity() {
        return buffer.capacity();
    }
}
