package deliverybench.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the TCP frame decoder, checked on seeded random input (the seed is in the message
 * of any failure, so a failing case replays): arbitrary bytes split at arbitrary points give frames
 * or the decoder's own error and never more than one frame's worth of buffer; valid frames survive
 * any split unchanged.
 */
public class FrameDecoderFuzzTest {

    private static final int CASES = 1_000;

    /** Feeds bytes in random pieces; returns the frames, stopping at the decoder's own error. */
    private static List<byte[]> feed(byte[] stream, SplittableRandom random, long seed) {
        FrameDecoder decoder = new FrameDecoder();
        List<byte[]> frames = new ArrayList<>();
        int offset = 0;
        try {
            while (offset < stream.length) {
                int end = Math.min(stream.length, offset + 1 + random.nextInt(700));
                while (offset < end) {
                    ByteBuffer target = decoder.readTarget();
                    int n = Math.min(target.remaining(), end - offset);
                    target.put(stream, offset, n);
                    offset += n;
                    decoder.decode((type, payload) -> {
                        byte[] frame = new byte[1 + payload.remaining()];
                        frame[0] = type;
                        payload.get(frame, 1, payload.remaining());
                        frames.add(frame);
                    });
                    assertTrue(decoder.capacity() <= 4 + FrameDecoder.MAX_FRAME_LENGTH,
                            "seed " + seed + ": buffered " + decoder.capacity() + " bytes, more than one frame's limit");
                }
            }
        } catch (FrameException e) {
            assertTrue(e.code() == 400 || e.code() == 413, "seed " + seed + ": code " + e.code());
        }
        return frames;
    }

    @Test
    void arbitraryBytesGiveFramesOrTheDecodersOwnError() {
        for (long seed = 0; seed < CASES; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] stream = new byte[random.nextInt(5_000)];
            random.nextBytes(stream);
            if (seed % 3 == 0 && stream.length >= 4) {
                // A plausible length prefix, so that the decoder also buffers and waits, not only refuses.
                ByteBuffer.wrap(stream).putInt(1 + random.nextInt(FrameDecoder.MAX_FRAME_LENGTH + 10));
            }
            // Anything but a FrameException escaping fails the test.
            feed(stream, random, seed);
        }
    }

    @Test
    void validFramesSurviveAnySplit() {
        for (long seed = 0; seed < CASES; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<ByteBuffer> frames = new ArrayList<>();
            for (int i = random.nextInt(30); i > 0; i--) {
                frames.add(switch (random.nextInt(3)) {
                    case 0 -> Frames.msg(1 + random.nextLong(Long.MAX_VALUE - 1), text(random, 20), text(random, 2_000));
                    case 1 -> Frames.ping(random.nextLong());
                    default -> Frames.error(random.nextInt(65_536), text(random, 100));
                });
            }
            ByteBuffer all = ByteBuffer.allocate(frames.stream().mapToInt(ByteBuffer::remaining).sum());
            frames.forEach(frame -> all.put(frame.duplicate()));
            List<byte[]> decoded = feed(all.array(), random, seed);
            assertEquals(frames.size(), decoded.size(), "seed " + seed);
            for (int i = 0; i < frames.size(); i++) {
                ByteBuffer original = frames.get(i).duplicate().position(4);
                assertEquals(original, ByteBuffer.wrap(decoded.get(i)), "seed " + seed + ", frame " + i);
            }
        }
    }

    /** Random text, including multi-byte and surrogate-pair characters. */
    public static String text(SplittableRandom random, int maxLength) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            out.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> 0xa0 + random.nextInt(0x700);
                case 2 -> 0x4e00 + random.nextInt(0x5000);
                default -> 0x1f300 + random.nextInt(0x300);
            });
        }
        return out.toString();
    }
}
