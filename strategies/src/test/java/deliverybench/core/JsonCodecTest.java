package deliverybench.core;

import deliverybench.store.Message;
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

    /** A message framed from its shared tail is byte for byte what Jackson writes, for every seq and text. */
    @Test
    void aMessageFromItsSharedTailIsWhatJacksonWrites() {
        long[] seqs = {0, 1, 9, 10, 99, 100, 12_345, 1L << 53, Long.MAX_VALUE};
        String[] texts = {"", "hi", "quote \" backslash \\ tab \t nl \n", "\u0001\u001f", "héllo 世界 😀", "</script>"};
        for (String from : new String[] {"alice", "u-1", "ü"}) {
            for (String body : texts) {
                for (long seq : seqs) {
                    byte[] byJackson = JsonCodec.write(json -> {
                        json.writeStartObject();
                        json.writeNumberField("seq", seq);
                        json.writeStringField("from", from);
                        json.writeStringField("body", body);
                        json.writeEndObject();
                    });
                    assertEquals(new String(byJackson, StandardCharsets.UTF_8),
                            new String(JsonCodec.message(new Message(seq, from, body)), StandardCharsets.UTF_8));
                }
            }
        }
    }
}
