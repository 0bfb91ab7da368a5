package deliverybench.protocol;

import java.nio.ByteBuffer;

/**
 * Splits a TCP byte stream into frames: {@code u32 length, u8 type, payload}. Bytes may arrive split
 * at any point; the buffer grows only when bytes that arrived fill it, never to a declared length,
 * and never beyond one frame of the current limit.
 *
 * <p>A decoder with nothing buffered holds no buffer: its bytes are read into a scratch buffer of the
 * reading thread's, decoded there, and only a partial frame left at the end is copied into a buffer
 * of the decoder's own, which is let go again once the frame is complete. An idle connection (the
 * usual state of a push connection) then costs no read buffer: 4 KiB each at 10,000 connections was
 * most of a TCP connection's heap. {@link #readTarget()} and {@link #decode} must be called in turn on
 * one thread, as an I/O thread's read loop does.
 */
public final class FrameDecoder {

    /** The largest allowed value of the length field (type + payload): 65,536 + 1,024 bytes. */
    public static final int MAX_FRAME_LENGTH = 65_536 + 1_024;
    static final int HEADER_BYTES = 4;
    static final int INITIAL_CAPACITY = 4_096;
    /** The smallest buffer of its own a decoder keeps for a partial frame. */
    static final int MIN_OWN_CAPACITY = 256;

    /** A thread's scratch buffer, lent to one decoder at a time between its readTarget and its decode. */
    private static final class Scratch {
        final ByteBuffer buffer = ByteBuffer.allocate(INITIAL_CAPACITY);
        // True while a decode walks it: a sink that reads with another decoder on this thread gets a buffer of its own.
        boolean decoding;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Receives one frame; {@code payload} is valid only during the call. */
    @FunctionalInterface
    public interface FrameSink {
        void frame(byte type, ByteBuffer payload) throws FrameException;
    }

    // This decoder's own buffer (write mode), only while a partial frame waits for its rest; else null.
    private ByteBuffer buffer;
    // The thread's scratch, lent by the last readTarget while this decoder owned nothing; else null.
    private Scratch lent;
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

    /** The buffer to read the next bytes into (in write mode, with room left); {@link #decode} must follow. */
    public ByteBuffer readTarget() {
        if (buffer == null) {
            Scratch scratch = SCRATCH.get();
            if (scratch.decoding) {
                // Read from inside another decoder's sink on this thread: the scratch is in use.
                buffer = ByteBuffer.allocate(INITIAL_CAPACITY);
                return buffer;
            }
            scratch.buffer.clear();
            lent = scratch;
            return scratch.buffer;
        }
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
        Scratch scratch = lent;
        lent = null;
        if (scratch == null) {
            if (buffer != null) {
                decode(buffer, sink);
                if (buffer.position() == 0) {
                    buffer = null;
                }
            }
            return;
        }
        ByteBuffer bytes = scratch.buffer;
        scratch.decoding = true;
        try {
            decode(bytes, sink);
        } finally {
            scratch.decoding = false;
            if (bytes.position() > 0) {
                // A partial frame is left: it waits for its rest in a buffer of this decoder's own.
                bytes.flip();
                ByteBuffer own = ByteBuffer.allocate(Math.min(Math.max(MIN_OWN_CAPACITY, 2 * bytes.remaining()),
                        Math.max(bytes.remaining(), HEADER_BYTES + maxFrameLength)));
                own.put(bytes);
                buffer = own;
            }
            bytes.clear();
        }
    }

    /** Decodes {@code bytes} (write mode) and compacts what is left of a partial frame to its start. */
    private void decode(ByteBuffer bytes, FrameSink sink) throws FrameException {
        bytes.flip();
        try {
            while (bytes.remaining() >= HEADER_BYTES) {
                int start = bytes.position();
                long length = Integer.toUnsignedLong(bytes.getInt(start));
                if (length < 1) {
                    throw new FrameException(400, "frame length 0: a frame has at least a type byte");
                }
                if (length > maxFrameLength) {
                    throw new FrameException(413, "frame length " + length + " is over the limit of " + maxFrameLength);
                }
                if (bytes.remaining() < HEADER_BYTES + length) {
                    return;
                }
                byte type = bytes.get(start + HEADER_BYTES);
                ByteBuffer payload = bytes.slice(start + HEADER_BYTES + 1, (int) length - 1);
                bytes.position(start + HEADER_BYTES + (int) length);
                sink.frame(type, payload);
            }
        } finally {
            bytes.compact();
        }
    }

    /** How many bytes are buffered waiting for the rest of their frame. */
    public int buffered() {
        return buffer == null ? 0 : buffer.position();
    }

    /** The capacity of this decoder's own buffer: 0 when it holds none (nothing partial waits). */
    public int capacity() {
        return buffer == null ? 0 : buffer.capacity();
    }
}
