package deliverybench.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The textbook values a run's configuration predicts, next to what was measured, for teaching.
 *
 * <p>Arrivals to one user are taken as Poisson with rate {@code mu = rate / clients} (exact for
 * {@code --arrival poisson}, close for constant spacing over many users). One transit is half the
 * measured loopback round trip; a delivery takes two (send, then deliver), so push and a held long
 * poll are predicted at one round trip, plus the server's own work, which loopback makes the larger
 * part: the band allows {@link #PROCESSING_SLACK} times the floor.
 */
public final class Theory {

    /** How many loopback round trips of server and client work a push delivery may take and still count as "about one transit". */
    public static final double PROCESSING_SLACK = 50;

    private Theory() {
    }

    /** The predictions for one strategy of a run, from its configuration, floor and measured metrics. */
    public static List<Prediction> predict(String strategy, JsonNode configuration, double floorUs, JsonNode metrics) {
        double clients = configuration.get("clients").asDouble();
        double devices = configuration.get("devices").asDouble();
        double rate = configuration.get("rate_per_second").asDouble();
        double intervalS = configuration.get("poll_interval_ms").asDouble() / 1_000;
        double waitS = configuration.get("poll_wait_s").asDouble();
        double mu = rate / clients;
        List<Prediction> out = new ArrayList<>();
        switch (strategy) {
            case "short-poll" -> {
                double intervalUs = intervalS * 1e6;
                double mean = intervalUs / 2 + floorUs;
                out.add(new Prediction("latency_mean_us", mean, 0.8 * intervalUs / 2, 1.2 * intervalUs / 2 + floorUs * PROCESSING_SLACK,
                        get(metrics, "latency_mean_us"), "a message waits for the next poll: half the interval on average, plus the floor"));
                out.add(new Prediction("latency_max_us", intervalUs + floorUs, 0, 1.1 * intervalUs + floorUs * PROCESSING_SLACK,
                        get(metrics, "latency_max_us"), "at worst it arrives just after a poll: one interval, plus the floor"));
                double requests = clients * devices / intervalS;
                out.add(new Prediction("server_requests_per_second", requests, 0.85 * requests, 1.15 * requests,
                        get(metrics, "server_requests_per_second"), "every device asks once per interval, whatever the message rate"));
                double empty = Math.exp(-mu * intervalS);
                out.add(new Prediction("wasted_ratio", empty, Math.max(0, empty - 0.05), Math.min(1, empty + 0.05),
                        get(metrics, "wasted_ratio"), "a poll is empty when no message reached its user during the interval: e^(-rate/clients*interval)"));
            }
            case "long-poll", "long-poll-scan" -> {
                out.add(new Prediction("latency_p50_us", floorUs, 0, floorUs * PROCESSING_SLACK,
                        get(metrics, "latency_p50_us"), "a held request answers at once: one transit to send, one to deliver (RFC 6202 2.2)"));
                out.add(new Prediction("latency_max_us", 2 * floorUs, 0, Double.POSITIVE_INFINITY,
                        get(metrics, "latency_max_us"), "worst case about three transits plus the gap before the next poll is held (RFC 6202 2.2); not flagged"));
                double empty = Math.exp(-mu * waitS);
                out.add(new Prediction("wasted_ratio", empty, Math.max(0, empty - 0.05), Math.min(1, empty + 0.05),
                        get(metrics, "wasted_ratio"), "a held request is empty only when wait runs out first: e^(-rate/clients*wait)"));
                double requests = clients * devices * mu / (1 - Math.exp(-mu * waitS));
                out.add(new Prediction("server_requests_per_second", requests, 0.85 * requests, 1.15 * requests,
                        get(metrics, "server_requests_per_second"), "one request per message per device, plus one per wait that runs out"));
            }
            case "websocket", "tcp" -> {
                out.add(new Prediction("latency_p50_us", floorUs, 0, floorUs * PROCESSING_SLACK,
                        get(metrics, "latency_p50_us"), "the server pushes at once: one transit to send, one to deliver"));
                out.add(new Prediction("requests_per_message", 0, 0, 0,
                        get(metrics, "requests_per_message"), "one handshake, then no request per message"));
                out.add(new Prediction("wasted_ratio", 0, 0, 0, get(metrics, "wasted_ratio"), "nothing is ever asked for in vain"));
            }
            default -> {
                // An unknown strategy gets no theory.
            }
        }
        return out;
    }

    private static double get(JsonNode metrics, String name) {
        JsonNode value = metrics.get(name);
        return value == null || value.isNull() ? Double.NaN : value.asDouble();
    }
}
