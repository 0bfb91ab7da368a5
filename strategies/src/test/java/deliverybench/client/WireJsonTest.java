package deliverybench.client;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receiving side's reading of the contract's JSON and close reasons, v1 and v2. */
class WireJsonTest {

    @Test
    void aPollAnswerGivesItsMessagesNextAndEpoch() throws IOException {
        List<Long> seqs = new ArrayList<>();
        WireJson.Answer answer = WireJson.visit(
                "{\"messages\":[{\"seq\":4,\"from\":\"a\",\"body\":\"x\"},{\"seq\":5,\"from\":\"a\",\"body\":\"y\"}],"
                        + "\"next\":5,\"epoch\":4503599627370495}", (seq, body) -> seqs.add(seq));
        assertEquals(List.of(4L, 5L), seqs);
        assertEquals(new WireJson.Answer(5, 4_503_599_627_370_495L), answer);
        // A v1 server names no epoch: 0, which the next request sends as "not known".
        assertEquals(0, WireJson.visit("{\"messages\":[],\"next\":3}", (seq, body) -> { }).epoch());
        assertThrows(IOException.class, () -> WireJson.visit("{\"messages\":[]}", (seq, body) -> { }));
    }

    /** "Nothing new" read by hand gives what the parser gives; any other layout goes to the parser. */
    @Test
    void theEmptyAnswerReadByHandIsWhatTheParserReads() throws IOException {
        long[] values = {0, 7, 10, 4_503_599_627_370_495L, 999_999_999_999_999_999L, Long.MAX_VALUE};
        for (long next : values) {
            for (long epoch : values) {
                String json = "{\"messages\":[],\"next\":" + next + ",\"epoch\":" + epoch + "}";
                assertEquals(new WireJson.Answer(next, epoch), WireJson.visit(json, (seq, body) -> { }), json);
                boolean short18 = Long.toString(next).length() <= 18 && Long.toString(epoch).length() <= 18;
                assertEquals(short18 ? new WireJson.Answer(next, epoch) : null, WireJson.emptyAnswer(json), json);
            }
        }
        for (String other : List.of("{\"messages\":[],\"next\":5}", "{\"messages\":[],\"next\":5,\"epoch\":6} ",
                "{\"messages\":[],\"next\":05,\"epoch\":6}", "{\"messages\":[],\"next\":,\"epoch\":6}",
                "{\"messages\": [],\"next\":5,\"epoch\":6}", "{\"messages\":[],\"next\":5,\"epoch\":6,\"x\":1}")) {
            assertEquals(null, WireJson.emptyAnswer(other), other);
        }
        assertThrows(IOException.class, () -> WireJson.visit("{\"messages\":[],\"next\":05,\"epoch\":6}", (seq, body) -> { }));
    }

    @Test
    void aPushedFrameIsAMessageOrTheWelcome() throws IOException {
        List<Long> seqs = new ArrayList<>();
        List<Long> epochs = new ArrayList<>();
        WireJson.visitPushed("{\"epoch\":77,\"highest\":9}", (seq, body) -> seqs.add(seq), epochs::add);
        WireJson.visitPushed("{\"seq\":10,\"from\":\"a\",\"body\":\"z\"}", (seq, body) -> seqs.add(seq), epochs::add);
        assertEquals(List.of(77L), epochs);
        assertEquals(List.of(10L), seqs);
        assertThrows(IOException.class, () -> WireJson.visitPushed("{\"highest\":9}", (seq, body) -> { }, epochs::add));
    }

    /**
     * A pushed message read by hand gives what the parser gives, from the server's own encoder; anything else (escapes,
     * spacing, another order, a long or zero-led seq, trailing text) is left to the parser.
     */
    @Test
    void aPushedMessageReadByHandIsWhatTheParserReads() throws IOException {
        for (long seq : new long[] {0, 1, 42, 999_999_999_999_999_999L}) {
            for (String body : List.of("", "t=1 s=2 xxxxxxxx", "中文 ok")) {
                String json = new String(deliverybench.core.JsonCodec.message(
                        new deliverybench.store.Message(seq, "u1", body)), java.nio.charset.StandardCharsets.UTF_8);
                List<String> byHand = new ArrayList<>();
                assertTrue(WireJson.pushedMessage(json, (s, b) -> byHand.add(s + "/" + b)), json);
                List<String> parsed = new ArrayList<>();
                WireJson.visitPushed(json.replace("{\"seq\"", "{ \"seq\""), (s, b) -> parsed.add(s + "/" + b), e -> { });
                assertEquals(parsed, byHand, json);
                assertEquals(List.of(seq + "/" + body), byHand);
            }
        }
        for (String other : List.of("{\"seq\":1,\"from\":\"a\",\"body\":\"q\\\"x\"}",
                "{\"seq\":1,\"from\":\"a\\u0041\",\"body\":\"x\"}", "{\"seq\":1, \"from\":\"a\",\"body\":\"x\"}",
                "{\"seq\":01,\"from\":\"a\",\"body\":\"x\"}", "{\"seq\":1234567890123456789,\"from\":\"a\",\"body\":\"x\"}",
                "{\"seq\":1,\"body\":\"x\",\"from\":\"a\"}", "{\"seq\":1,\"from\":\"a\",\"body\":\"x\"} ",
                "{\"seq\":1,\"from\":\"a\",\"body\":\"x\",\"y\":2}", "{\"seq\":1,\"from\":\"a\",\"body\":\"x\n\"}",
                "{\"seq\":1,\"from\":\"a\",\"body\":\"x")) {
            assertEquals(false, WireJson.pushedMessage(other, (s, b) -> { throw new AssertionError(other); }), other);
        }
        // What the hand left, the parser reads: an escaped quote in the body comes out unescaped.
        List<String> bodies = new ArrayList<>();
        WireJson.visitPushed("{\"seq\":1,\"from\":\"a\",\"body\":\"q\\\"x\"}", (s, b) -> bodies.add(b), e -> { });
        assertEquals(List.of("q\"x"), bodies);
    }

    @Test
    void goneAnswersAndReasonsGiveOldestAndEpoch() {
        String body = "{\"error\":\"epoch 5 is not this server's (6)\",\"oldest\":1,\"epoch\":6}";
        assertEquals(1, WireJson.field(body, "oldest"));
        assertEquals(6, WireJson.field(body, "epoch"));
        assertEquals(-1, WireJson.field("{\"error\":\"x\",\"oldest\":51}", "epoch"));
        assertEquals(51, WireJson.reasonField("oldest=51", "oldest"));
        assertEquals(-1, WireJson.reasonField("oldest=51", "epoch"));
        assertEquals(1, WireJson.reasonField("oldest=1 epoch=6", "oldest"));
        assertEquals(6, WireJson.reasonField("oldest=1 epoch=6", "epoch"));
        assertEquals(-1, WireJson.reasonField("oldest=x", "oldest"));
        assertEquals(-1, WireJson.reasonField(null, "oldest"));
    }
}
