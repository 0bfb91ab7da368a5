package deliverybench.protocol;

import java.nio.ByteBuffer;

/**
 * Splits a TCP byte stream into frames: {@code u32 length, u8 type, payload}. Bytes may arrive split
 * at any point; the decoder never buffers more than one frame of the largest allowed length.
 */
public final class FrameDecoder {

    /** The largest allowed value of the length field (type + payload): 65,536 + 1,024 bytes. */
    public static final int MAX_FRAME_LENGTH = 65_536 + 1_024;
    private static final int HEADER_BYTES = 4;
    private static final int INITIAL_CAPACITY = 4_096;

    /** Receives one frame; {@code payload} is valid only during the call. */
    @FunctionalInterface
    public interface FrameSink {
        void frame(byte type, ByteBuffer payload) throws FrameException;
    }

    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_CAPACITY);

    /** The buffer to read the next bytes into (in write mode, with room left). */
    public ByteBuffer readTarget() {
        if (!buffer.hasRemaining()) {
            // Only reached when a frame's declared length needs more room than we have.
            grow(buffer.capacity() * 2);
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
                if (length > MAX_FRAME_LENGTH) {
                    throw new FrameException(413, "frame length " + length + " is over the limit of " + MAX_FRAME_LENGTH);
                }
                if (buffer.remaining() < HEADER_BYTES + length) {
                    ensureCapacity(HEADER_BYTES + (int) length);
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

    private void ensureCapacity(int frameBytes) {
        if (buffer.capacity() < frameBytes) {
            // We are in read mode here; compact in finally will keep the partial frame.
            ByteBuffer bigger = ByteBuffer.allocate(frameBytes);
            bigger.put(buffer);
            bigger.flip();
            buffer = bigger;
        }
    }

    private void grow(int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(capacity, HEADER_BYTES + MAX_FRAME_LENGTH));
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
    }
}
