package deliverybench.core;

import deliverybench.store.MessageStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonCodecTest {

    /** The hand-written "nothing new" is byte for byte what the JSON generator writes. */
    @Test
    void theEmptyPollAnswerIsWhatJacksonWrites() {
        long[] values = {0, 1, 9, 10, 12_345, Long.MAX_VALUE, MessageStore.MAX_EPOCH};
        for (long next : values) {
            for (long epoch : values) {
                byte[] byJackson = JsonCodec.write(json -> {
                    json.writeStartObject();
                    json.writeArrayFieldStart("messages");
                    json.writeEndArray();
                    json.writeNumberField("next", next);
                    json.writeNumberField("epoch", epoch);
                    json.writeEndObject();
                });
                assertEquals(new String(byJackson, StandardCharsets.UTF_8),
                        new String(JsonCodec.emptyPollResponse(next, epoch), StandardCharsets.UTF_8));
            }
        }
    }
}
