package deliverybench.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP frame decoder under coverage-guided fuzzing (README, "Fuzzing"): any bytes, split anywhere,
 * give frames or the decoder's own 400/413, with a buffer that grows only with the bytes that arrived;
 * valid frames survive any split unchanged.
 */
class FrameDecoderFuzzTest {

    /** Feeds {@code stream} in the pieces {@code data} chooses; returns the frames, stopping at the decoder's own error. */
    private static List<byte[]> feed(FrameDecoder decoder, int limit, byte[] stream, FuzzedDataProvider data) {
        List<byte[]> frames = new ArrayList<>();
        long arrived = 0;
        int offset = 0;
        try {
            while (offset < stream.length) {
                int end = Math.min(stream.length, offset + data.consumeInt(1, 9_000));
                while (offset < end) {
                    ByteBuffer target = decoder.readTarget();
                    int n = Math.min(target.remaining(), end - offset);
                    target.put(stream, offset, n);
                    offset += n;
                    arrived += n;
                    decoder.decode((type, payload) -> {
                        assertTrue(payload.remaining() < limit, "a payload of " + payload.remaining() + " under a limit of " + limit);
                        byte[] frame = new byte[1 + payload.remaining()];
                        frame[0] = type;
                        payload.get(frame, 1, payload.remaining());
                        frames.add(frame);
                    });
                    assertTrue(decoder.capacity() <= FrameDecoder.HEADER_BYTES + Math.max(limit, FrameDecoder.INITIAL_CAPACITY),
                            "buffered " + decoder.capacity() + " bytes, more than one frame's limit");
                    assertTrue(decoder.capacity() <= Math.max(FrameDecoder.INITIAL_CAPACITY, 2 * arrived),
                            "a buffer of " + decoder.capacity() + " bytes after " + arrived + " arrived");
                }
            }
        } catch (FrameException e) {
            assertTrue(e.code() == 400 || e.code() == 413, "code " + e.code());
        }
        return frames;
    }

    @FuzzTest
    void anyBytesGiveFramesOrTheDecodersOwnError(FuzzedDataProvider data) {
        int limit = data.consumeBoolean() ? FrameDecoder.MAX_FRAME_LENGTH : data.consumeInt(1, FrameDecoder.MAX_FRAME_LENGTH);
        byte[] stream = data.consumeBytes(data.consumeInt(0, 200_000));
        feed(new FrameDecoder(limit), limit, stream, data);
    }

    @FuzzTest
    void validFramesSurviveAnySplit(FuzzedDataProvider data) {
        List<byte[]> frames = new ArrayList<>();
        int total = 0;
        for (int i = data.consumeInt(0, 40); i > 0 && total < 400_000; i--) {
            byte[] payload = data.consumeBytes(data.consumeInt(0, FrameDecoder.MAX_FRAME_LENGTH - 1));
            byte[] frame = ByteBuffer.allocate(5 + payload.length).putInt(1 + payload.length).put(data.consumeByte())
                    .put(payload).array();
            frames.add(frame);
            total += frame.length;
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        frames.forEach(all::put);
        List<byte[]> decoded = feed(new FrameDecoder(), FrameDecoder.MAX_FRAME_LENGTH, all.array(), data);
        assertEquals(frames.size(), decoded.size());
        for (int i = 0; i < frames.size(); i++) {
            byte[] original = frames.get(i);
            assertArrayEquals(java.util.Arrays.copyOfRange(original, 4, original.length), decoded.get(i), "frame " + i);
        }
    }
}
