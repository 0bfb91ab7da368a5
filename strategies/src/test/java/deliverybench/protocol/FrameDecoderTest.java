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
}
