package deliverybench.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderTest {

    private record Decoded(byte type, byte[] payload) {
    }

    private static byte[] bytes(ByteBuffer... frames) {
        int total = 0;
        for (ByteBuffer frame : frames) {
            total += frame.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer frame : frames) {
            all.put(frame.duplicate());
        }
        return all.array();
    }

    /** Feeds {@code stream} in pieces cut at {@code cuts} and collects the frames. */
    private static List<Decoded> feed(byte[] stream, int... cuts) throws FrameException {
        FrameDecoder decoder = new FrameDecoder();
        List<Decoded> out = new ArrayList<>();
        int from = 0;
        List<Integer> ends = new ArrayList<>();
        for (int cut : cuts) {
            ends.add(cut);
        }
        ends.add(stream.length);
        for (int end : ends) {
            int offset = from;
            while (offset < end) {
                ByteBuffer target = decoder.readTarget();
                int n = Math.min(target.remaining(), end - offset);
                target.put(stream, offset, n);
                offset += n;
                decoder.decode((type, payload) -> {
                    byte[] copy = new byte[payload.remaining()];
                    payload.get(copy);
                    out.add(new Decoded(type, copy));
                });
            }
            from = end;
        }
        return out;
    }

    @Test
    void framesSplitAtEveryPointDecodeTheSame() throws FrameException {
        byte[] stream = bytes(Frames.welcome(7), Frames.msg(8, "alice", "hello \u00e9"), Frames.ping(42));
        for (int cut = 0; cut <= stream.length; cut++) {
            List<Decoded> frames = feed(stream, cut);
            assertEquals(3, frames.size(), "cut at " + cut);
            assertEquals(FrameType.WELCOME, frames.get(0).type());
            assertEquals(7, ByteBuffer.wrap(frames.get(0).payload()).getLong());
            assertEquals(FrameType.MSG, frames.get(1).type());
            assertEquals(FrameType.PING, frames.get(2).type());
        }
    }

    @Test
    void aFrameOfTheLargestAllowedLengthIsTakenAndOneByteMoreIsRefused() throws FrameException {
        byte[] body = new byte[FrameDecoder.MAX_FRAME_LENGTH - 1];
        ByteBuffer largest = ByteBuffer.allocate(4 + FrameDecoder.MAX_FRAME_LENGTH)
                .putInt(FrameDecoder.MAX_FRAME_LENGTH).put(FrameType.ACK).put(body).flip();
        assertEquals(body.length, feed(bytes(largest), 3, 1000).get(0).payload().length);
        ByteBuffer tooLarge = ByteBuffer.allocate(5).putInt(FrameDecoder.MAX_FRAME_LENGTH + 1).put(FrameType.ACK).flip();
        FrameException e = assertThrows(FrameException.class, () -> feed(bytes(tooLarge)));
        assertEquals(413, e.code());
    }

    @Test
    void zeroLengthIsAProtocolError() {
        FrameException e = assertThrows(FrameException.class, () -> feed(new byte[]{0, 0, 0, 0}));
        assertEquals(400, e.code());
    }

    @Test
    void theBufferNeverGrowsBeyondOneFrame() throws FrameException {
        FrameDecoder decoder = new FrameDecoder();
        ByteBuffer header = ByteBuffer.allocate(4).putInt(FrameDecoder.MAX_FRAME_LENGTH).flip();
        decoder.readTarget().put(header);
        decoder.decode((type, payload) -> { });
        for (int i = 0; i < FrameDecoder.MAX_FRAME_LENGTH - 1; i += 1_000) {
            ByteBuffer target = decoder.readTarget();
            target.put(new byte[Math.min(target.remaining(), 1_000)]);
            decoder.decode((type, payload) -> { });
        }
        assertTrue(decoder.capacity() <= 4 + FrameDecoder.MAX_FRAME_LENGTH, "capacity " + decoder.capacity());
    }

    private static ByteBuffer frame(int type, String payload) {
        byte[] body = payload.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + body.length).putInt(1 + body.length).put((byte) type).put(body).flip();
    }

    @Test
    void anIdleDecoderHoldsNoBufferAndAPartialFrameKeepsOneOnlyUntilItIsWhole() throws FrameException {
        FrameDecoder decoder = new FrameDecoder();
        List<String> got = new ArrayList<>();
        FrameDecoder.FrameSink sink = (type, payload) ->
                got.add(type + ":" + java.nio.charset.StandardCharsets.UTF_8.decode(payload));
        decoder.readTarget().put(bytes(frame(1, "one"), frame(2, "two")));
        decoder.decode(sink);
        assertEquals(List.of("1:one", "2:two"), got);
        assertEquals(0, decoder.capacity(), "whole frames only: nothing kept");

        byte[] three = bytes(frame(3, "three"));
        decoder.readTarget().put(three, 0, 6);
        decoder.decode(sink);
        assertEquals(6, decoder.buffered());
        assertTrue(decoder.capacity() >= 6 && decoder.capacity() <= FrameDecoder.MIN_OWN_CAPACITY, "" + decoder.capacity());
        decoder.readTarget().put(three, 6, three.length - 6);
        decoder.decode(sink);
        assertEquals(List.of("1:one", "2:two", "3:three"), got);
        assertEquals(0, decoder.capacity(), "the frame is whole: its buffer is let go");
    }

    @Test
    void aDecoderReadFromInsideAnothersSinkOnTheSameThreadLeavesItsBytesAlone() throws FrameException {
        FrameDecoder outer = new FrameDecoder();
        FrameDecoder inner = new FrameDecoder();
        List<String> got = new ArrayList<>();
        outer.readTarget().put(bytes(frame(1, "a"), frame(2, "b"), frame(3, "c")));
        outer.decode((type, payload) -> {
            got.add("outer " + type);
            if (type == 1) {
                // As when a frame's handling makes another connection on this I/O thread read.
                inner.readTarget().put(bytes(frame(9, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")));
                inner.decode((t, p) -> got.add("inner " + t));
            }
        });
        assertEquals(List.of("outer 1", "inner 9", "outer 2", "outer 3"), got);
    }
}
