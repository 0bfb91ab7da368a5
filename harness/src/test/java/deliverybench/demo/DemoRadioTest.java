package deliverybench.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.core.ServerConfig;
import deliverybench.radio.RadioModel;
import deliverybench.radio.RadioUsage;
import deliverybench.radio.Transfer;
import deliverybench.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The classroom page's radio route: the page's timelines through the same model as run --radio. */
class DemoRadioTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DemoRadio radio = new DemoRadio(Strategies.standard());

    private JsonNode answer(String request) throws Exception {
        return JSON.readTree(radio.answer(request.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPanelsTimelineGetsTheModelsUsageAndItsStrategysWakeups() throws Exception {
        JsonNode doc = answer("""
                {"model": "lte", "now_s": 20, "poll_interval_ms": 2000, "poll_wait_s": 10, "rate_per_user": 0,
                 "panels": [{"name": "websocket", "from_s": 0, "transfers": [[1.0, 1, 700], [1.05, 0, 100]]},
                            {"name": "short-poll", "from_s": 0, "transfers": [[6.0, 0, 100], [1.0, 1, 700]]}]}""");
        RadioModel lte = RadioModel.load("lte");
        RadioUsage expected = lte.usage(List.of(new Transfer(1.0, true, 700), new Transfer(1.05, false, 100)), 0, 20);
        JsonNode ws = doc.path("panels").path("websocket");
        assertEquals(expected.energyJ(), ws.path("usage").path("energy_j").asDouble(), 1e-9);
        assertEquals(expected.radioOnS(), ws.path("usage").path("radio_on_s").asDouble(), 1e-9);
        assertEquals(1, ws.path("usage").path("promotions").asLong());
        assertEquals("idle", ws.path("state").asText());
        assertTrue(ws.path("wakeups").path("per_message").asBoolean());
        assertEquals(0, ws.path("wakeups").path("every_s").asDouble());
        assertEquals(10.12, doc.path("tail_s").asDouble(), 1e-9);

        // Out of order on the wire: walked in time order, the same as sorted.
        JsonNode poll = doc.path("panels").path("short-poll");
        RadioUsage sorted = lte.usage(List.of(new Transfer(1.0, true, 700), new Transfer(6.0, false, 100)), 0, 20);
        assertEquals(sorted.energyJ(), poll.path("usage").path("energy_j").asDouble(), 1e-9);
        assertEquals(2.0, poll.path("wakeups").path("every_s").asDouble());
        assertFalse(poll.path("wakeups").path("per_message").asBoolean());
        // A poll every 2 s inside a 10.12 s tail: the radio never sleeps (docs/battery.md's table at 1 s: 3,969 J).
        assertTrue(poll.path("theory_j_per_hour").asDouble() > 3900, poll.toString());
        assertTrue(ws.path("theory_j_per_hour").asDouble() < 100, ws.toString());
    }

    @Test
    void settlingGivesTheOlderPartOfTheWindowToo() throws Exception {
        JsonNode doc = answer("""
                {"model": "3g", "now_s": 40, "poll_interval_ms": 2000, "poll_wait_s": 10, "rate_per_user": 0,
                 "panels": [{"name": "sse", "from_s": 0, "settle_s": 25, "transfers": [[1, 1, 700], [30, 0, 100]]}]}""");
        JsonNode sse = doc.path("panels").path("sse");
        RadioUsage whole = RadioModel.load("3g").usage(List.of(new Transfer(1, true, 700), new Transfer(30, false, 100)), 0, 40);
        RadioUsage first = RadioModel.load("3g").usage(List.of(new Transfer(1, true, 700), new Transfer(30, false, 100)), 0, 25);
        assertEquals(whole.energyJ(), sse.path("usage").path("energy_j").asDouble(), 1e-9);
        assertEquals(first.energyJ(), sse.path("settled").path("energy_j").asDouble(), 1e-9);
        assertEquals(15, sse.path("wakeups").path("silence_s").asDouble(), "a held stream's keep-alive, 15 s");
    }

    @Test
    void badInputIsRefusedInWords() {
        String[][] cases = {
                {"[1, 2]", "must be a JSON object"},
                {"{\"model\": \"wifi\", \"now_s\": 1}", "model must be one of [lte, 3g], was 'wifi'"},
                {"{\"model\": \"lte\", \"now_s\": -1}", "now_s must be a number"},
                {"{\"model\": \"lte\", \"now_s\": 5, \"poll_interval_ms\": 2000, \"poll_wait_s\": 10, \"rate_per_user\": 0,"
                        + " \"panels\": [{\"name\": \"carrier-pigeon\", \"from_s\": 0, \"transfers\": []}]}", "no panel named 'carrier-pigeon'"},
                {"{\"model\": \"lte\", \"now_s\": 5, \"poll_interval_ms\": 2000, \"poll_wait_s\": 10, \"rate_per_user\": 0,"
                        + " \"panels\": [{\"name\": \"sse\", \"from_s\": 0, \"transfers\": [[1, 1]]}]}", "a transfer is [t_s >= 0"},
                {"{\"model\": \"lte\", \"now_s\": 5, \"poll_interval_ms\": 2000, \"poll_wait_s\": 10, \"rate_per_user\": 0,"
                        + " \"panels\": [{\"name\": \"sse\", \"from_s\": 6, \"transfers\": []}]}", "from_s must be a number from 0.0 to 5.0"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> answer(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void theRouteAnswersOnTheDemoServerAndRefusesBadBodiesWith400() throws Exception {
        try (DemoServer demo = DemoServer.start(ServerConfig.forTests("radio-test-secret"))) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = demo.http().resolve("/demo/api/radio");
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"model\": \"lte\", \"now_s\": 5, \"poll_interval_ms\": 2000, \"poll_wait_s\": 10, \"rate_per_user\": 0,"
                            + " \"panels\": [{\"name\": \"tcp\", \"from_s\": 0, \"transfers\": [[1, 1, 60]]}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("connected".equals(JSON.readTree(ok.body()).path("panels").path("tcp").path("state").asText())
                    || "tail".equals(JSON.readTree(ok.body()).path("panels").path("tcp").path("state").asText()), true, ok.body());
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("not json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode(), bad.body());
        }
    }
}
