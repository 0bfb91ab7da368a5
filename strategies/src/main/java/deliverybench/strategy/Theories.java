package deliverybench.strategy;

import deliverybench.metric.Metric;

import java.util.List;

/**
 * The theory several strategies share. One transit is half the measured loopback round trip; a
 * delivery takes two (send, then deliver), so push and a held long poll are predicted at one round
 * trip, plus the server's own work, which loopback makes the larger part: the band allows
 * {@link #PROCESSING_SLACK} times the floor.
 */
public final class Theories {

    /** How many loopback round trips of server and client work a delivery may take and still count as "about one transit". */
    public static final double PROCESSING_SLACK = 50;

    private Theories() {
    }

    /** The share of empty answers, within 0.05 either way. */
    public static Prediction emptyShare(double predicted, Measured measured, String reason) {
        return new Prediction(Metric.WASTED_RATIO, predicted, Math.max(0, predicted - 0.05), Math.min(1, predicted + 0.05),
                measured.get(Metric.WASTED_RATIO), reason);
    }

    /** A push over a held connection: one round trip, no request and no empty answer per message. */
    public static List<Prediction> push(Workload w, Measured measured, String how) {
        return List.of(
                new Prediction(Metric.LATENCY_P50_US, w.floorUs(), 0, w.floorUs() * PROCESSING_SLACK,
                        measured.get(Metric.LATENCY_P50_US), "the server " + how + " at once: one transit to send, one to deliver"),
                new Prediction(Metric.REQUESTS_PER_MESSAGE, 0, 0, 0, measured.get(Metric.REQUESTS_PER_MESSAGE),
                        "one handshake, then no request per message"),
                emptyShare(0, measured, "nothing is ever asked for in vain"));
    }
}
