package deliverybench.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.core.http.BodyReader;
import deliverybench.core.http.Responses;
import deliverybench.radio.RadioModel;
import deliverybench.radio.RadioTheory;
import deliverybench.radio.RadioUsage;
import deliverybench.radio.Transfer;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Wakeups;
import deliverybench.strategy.Workload;
import io.undertow.server.HttpServerExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /demo/api/radio}: each panel's timeline of transfers, as the page saw them, run through the same radio
 * model as {@code run --radio} (the jar's lte.json or 3g.json), with the strategy's own {@link Wakeups} at the page's
 * settings and what the theory predicts from them.
 */
final class DemoRadio {

    /** Transfers one panel may send at once; the page settles older ones before it gets there. */
    static final int MAX_TRANSFERS = 5_000;
    static final long MAX_BODY_BYTES = 1 << 20;
    private static final long THEORY_SEED = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, RadioModel> models = new LinkedHashMap<>();
    private final Map<String, Strategy> strategies = new LinkedHashMap<>();
    private final BodyReader bodies = new BodyReader(MAX_BODY_BYTES, 10_000, 16 * MAX_BODY_BYTES);

    DemoRadio(List<Strategy> panels) {
        for (String name : List.of("lte", "3g")) {
            models.put(name, RadioModel.load(name));
        }
        panels.forEach(s -> strategies.put(s.name(), s));
    }

    void handle(HttpServerExchange exchange) {
        exchange.setMaxEntitySize(MAX_BODY_BYTES);
        bodies.read(exchange, (ex, bytes) -> {
            try {
                Responses.json(ex, 200, answer(bytes));
            } catch (IllegalArgumentException | IOException e) {
                Responses.error(ex, 400, e.getMessage());
            }
        });
    }

    /**
     * The request: {@code {"model": "lte", "now_s": 31.2, "poll_interval_ms": 2000, "poll_wait_s": 10,
     * "rate_per_user": 0, "panels": [{"name": "short-poll", "from_s": 0, "settle_s": 20, "transfers": [[t_s, up 0|1,
     * bytes], ...]}]}}; times in seconds since the page opened. Each panel's answer is its usage over
     * [from_s, now_s), its radio's state at now_s, and, with settle_s, the usage over [from_s, settle_s) too.
     */
    byte[] answer(byte[] request) throws IOException {
        JsonNode doc = JSON.readTree(request);
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        String modelName = doc.path("model").asText("");
        RadioModel model = models.get(modelName);
        if (model == null) {
            throw new IllegalArgumentException("model must be one of " + models.keySet() + ", was '" + modelName + "'");
        }
        double nowS = number(doc, "now_s", 0, Double.MAX_VALUE);
        long intervalMs = (long) number(doc, "poll_interval_ms", 0, 3_600_000);
        long waitS = (long) number(doc, "poll_wait_s", 0, 3_600);
        double ratePerUser = number(doc, "rate_per_user", 0, 1_000);
        Workload workload = new Workload(1, 1, ratePerUser, intervalMs, waitS, Double.NaN);

        ObjectNode out = JSON.createObjectNode()
                .put("model", model.name())
                .put("describe", model.describe())
                .put("tail_s", model.tailS())
                .put("battery_wh", RadioUsage.BATTERY_WH)
                .put("rate_per_user", ratePerUser);
        ObjectNode panelsOut = out.putObject("panels");
        JsonNode panels = doc.path("panels");
        if (!panels.isArray()) {
            throw new IllegalArgumentException("panels must be an array");
        }
        for (JsonNode panel : panels) {
            String name = panel.path("name").asText("");
            Strategy strategy = strategies.get(name);
            if (strategy == null) {
                throw new IllegalArgumentException("no panel named '" + name + "'; the panels are " + strategies.keySet());
            }
            double fromS = number(panel, "from_s", 0, nowS);
            List<Transfer> transfers = transfers(name, panel.path("transfers"));
            ObjectNode entry = panelsOut.putObject(name);
            usage(entry.putObject("usage"), model.usage(transfers, fromS, nowS));
            entry.put("state", model.stateAt(transfers, nowS));
            if (panel.has("settle_s")) {
                usage(entry.putObject("settled"), model.usage(transfers, fromS, number(panel, "settle_s", fromS, nowS)));
            }
            // The browser's clients send no heartbeat; a held stream's keep-alive is the server's.
            Wakeups wakeups = strategy.wakeups(workload, HeartbeatPolicy.NONE);
            entry.putObject("wakeups")
                    .put("every_s", wakeups.everyS())
                    .put("silence_s", wakeups.silenceS())
                    .put("per_message", wakeups.perMessage());
            double theory = RadioTheory.energyJPerHour(model, wakeups, ratePerUser, THEORY_SEED);
            if (Double.isFinite(theory)) {
                entry.put("theory_j_per_hour", theory);
            }
        }
        return JSON.writeValueAsBytes(out);
    }

    private static void usage(ObjectNode node, RadioUsage usage) {
        node.put("energy_j", usage.energyJ())
                .put("radio_on_s", usage.radioOnS())
                .put("promotions", usage.promotions())
                .put("bytes", usage.bytes())
                .put("window_s", usage.windowS());
    }

    private static List<Transfer> transfers(String panel, JsonNode list) {
        if (!list.isArray()) {
            throw new IllegalArgumentException(panel + ": transfers must be an array of [t_s, up 0|1, bytes]");
        }
        if (list.size() > MAX_TRANSFERS) {
            throw new IllegalArgumentException(panel + ": " + list.size() + " transfers, over " + MAX_TRANSFERS
                    + " (settle the older ones first)");
        }
        List<Transfer> out = new ArrayList<>(list.size());
        for (JsonNode t : list) {
            if (!t.isArray() || t.size() != 3 || !t.get(0).isNumber() || !t.get(1).isNumber() || !t.get(2).isNumber()
                    || !(t.get(0).asDouble() >= 0) || t.get(2).asLong() < 0) {
                throw new IllegalArgumentException(panel + ": a transfer is [t_s >= 0, up 0|1, bytes >= 0], was " + t);
            }
            out.add(new Transfer(t.get(0).asDouble(), t.get(1).asInt() == 1, t.get(2).asLong()));
        }
        // The models walk in time order; the page's marks are, but its attributed bytes need not be.
        out.sort(Comparator.comparingDouble(Transfer::atS));
        return out;
    }

    private static double number(JsonNode node, String field, double min, double max) {
        JsonNode value = node.path(field);
        if (!value.isNumber() || !(value.asDouble() >= min && value.asDouble() <= max)) {
            throw new IllegalArgumentException(field + " must be a number from " + min + " to " + max + ", was "
                    + (value.isMissingNode() ? "missing" : value.toString()));
        }
        return value.asDouble();
    }
}
