package deliverybench.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static deliverybench.testkit.Stages.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /messages} to a list of recipients (contract v3): a copy into each inbox, or 400 and nothing stored. */
class FanoutTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCopyIntoEachInboxWithTheSeqsInTheOrderGiven() {
        server.sendMessage("alice", "f-bob", "earlier");
        long sendsBefore = server.server.stats().of("send").messagesStored();
        HttpResponse<String> answer = server.post(server.token("alice"), "{\"to\":[\"f-carol\",\"f-bob\",\"f-dan\"],\"body\":\"hi all\"}");
        assertEquals(202, answer.statusCode(), answer.body());
        JsonNode seqs = TestServer.parse(answer.body()).get("seqs");
        assertEquals(List.of(1L, 2L, 1L), List.of(seqs.get(0).asLong(), seqs.get(1).asLong(), seqs.get(2).asLong()));
        for (String user : new String[]{"f-carol", "f-bob", "f-dan"}) {
            JsonNode messages = TestServer.parse(server.get("/messages?after=0", server.token(user)).body()).get("messages");
            JsonNode last = messages.get(messages.size() - 1);
            assertEquals("hi all", last.get("body").asText(), user);
            assertEquals("alice", last.get("from").asText(), user);
        }
        assertEquals(3, server.server.stats().of("send").messagesStored() - sendsBefore, "send counts every copy");
    }

    @Test
    void aThousandRecipientsAreAccepted() {
        List<String> to = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            to.add("\"k" + i + "\"");
        }
        HttpResponse<String> answer = server.post(server.token("alice"), "{\"to\":[" + String.join(",", to) + "],\"body\":\"b\"}");
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals(1_000, TestServer.parse(answer.body()).get("seqs").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"to\":[],\"body\":\"b\"}",
            "{\"to\":[\"g-1\",\"g-1\"],\"body\":\"b\"}",
            "{\"to\":[\"g-1\",\"bad id!\"],\"body\":\"b\"}",
            "{\"to\":[\"g-1\",7],\"body\":\"b\"}",
            "{\"to\":[\"g-1\",[\"g-2\"]],\"body\":\"b\"}",
            "{\"to\":[\"g-1\"}",
            "{\"to\":{\"g-1\":1},\"body\":\"b\"}"})
    void aBadListIs400AndNothingIsStored(String body) {
        HttpResponse<String> answer = server.post(server.token("alice"), body);
        assertEquals(400, answer.statusCode(), body + " -> " + answer.body());
        assertTrue(answer.body().contains("\"error\""), answer.body());
        assertEquals(0, join(server.server.store().position("g-1")).highestSeq(), "a refused send stored something: " + body);
    }

    @Test
    void overAThousandIs400AndNothingIsStored() {
        List<String> to = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            to.add("\"h" + i + "\"");
        }
        HttpResponse<String> answer = server.post(server.token("alice"), "{\"to\":[" + String.join(",", to) + "],\"body\":\"b\"}");
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("more than 1000"), answer.body());
        assertEquals(0, join(server.server.store().position("h0")).highestSeq());
    }
}
