package deliverybench.core;

import com.code_intelligence.jazzer.junit.FuzzTest;
import deliverybench.store.MessageStore;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a WebSocket client may send (contract v3), under coverage-guided fuzzing: an ack, a send, a refusal by id, or invalid. */
class ClientFrameFuzzTest {

    /** Any text is one of the four answers, never an exception; each carries what its answer needs. */
    @FuzzTest
    void anyClientTextIsAFrameOrRefused(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        ClientFrame frame = ClientFrame.parse(text);
        assertNotNull(frame, text);
        if (frame instanceof ClientFrame.Ack ack) {
            assertTrue(ack.seq() >= 0, "seq " + ack.seq());
            assertEquals(frame, ClientFrame.parse("{\"ack\": " + ack.seq() + "}"));
        } else if (frame instanceof ClientFrame.Send send) {
            assertTrue(send.id() >= 1 && send.id() <= MessageStore.MAX_EPOCH, "id " + send.id());
            assertNotNull(send.to());
            assertNotNull(send.body());
        } else if (frame instanceof ClientFrame.Refused refused) {
            assertTrue(refused.id() >= 1 && refused.id() <= MessageStore.MAX_EPOCH, "id " + refused.id());
            assertEquals(400, refused.status(), refused.error());
            assertNotNull(refused.error());
        } else {
            assertTrue(((ClientFrame.Invalid) frame).why().length() < 200, ((ClientFrame.Invalid) frame).why());
        }
    }
}
