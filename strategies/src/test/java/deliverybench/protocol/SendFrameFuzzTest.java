package deliverybench.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TCP SEND payload (contract v3) under coverage-guided fuzzing: any bytes are a send or a 400. */
class SendFrameFuzzTest {

    /**
     * Any payload: a send whose fields, when valid UTF-8, encode back to the same bytes, or the
     * reader's own 400 for a payload too short for its lengths; never another exception.
     */
    @FuzzTest
    void anyPayloadIsASendOrMalformed(byte[] payload) {
        Frames.Send send;
        try {
            send = Frames.readSend(ByteBuffer.wrap(payload));
        } catch (FrameException e) {
            assertEquals(400, e.code(), e.getMessage());
            return;
        }
        assertTrue(send.id() >= 0 && send.id() <= 0xffff_ffffL, "id " + send.id());
        if (send.to() != null && send.body() != null) {
            ByteBuffer frame = Frames.send(send.id(), send.to(), send.body());
            frame.position(4 + 1);
            byte[] again = new byte[frame.remaining()];
            frame.get(again);
            assertEquals(ByteBuffer.wrap(payload), ByteBuffer.wrap(again), "read and written back differ");
        } else {
            // One part is not valid UTF-8: refused by id, and the frame's bytes never became text.
            assertTrue(payload.length >= 6);
            assertTrue(send.to() == null || send.to().getBytes(StandardCharsets.UTF_8).length
                    == (((payload[4] & 0xff) << 8) | (payload[5] & 0xff)));
        }
    }
}
