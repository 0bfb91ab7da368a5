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
        List<Prediction> all = new java.util.ArrayList<>(List.of(
                transitsP50(w, measured, "the server " + how + " at once: one transit to send, one to deliver"),
                new Prediction(Metric.REQUESTS_PER_MESSAGE, 0, 0, 0, measured.get(Metric.REQUESTS_PER_MESSAGE),
                        "one handshake, then no request per message"),
                emptyShare(0, measured, "nothing is ever asked for in vain")));
        if (w.link().any()) {
            all.add(transitsP99(w, measured, 0, "one transit up, one down, the jitter, and room for one lost segment's RTO"));
        }
        return List.copyOf(all);
    }

    /**
     * The median of a delivery that takes one transit up and one down: on loopback the floor (a round trip) with
     * {@link #PROCESSING_SLACK} for the server's work; on a link its two one-way delays, within the jitter.
     */
    public static Prediction transitsP50(Workload w, Measured measured, String reason) {
        Transits link = w.link();
        double predicted = w.floorUs() + link.pushUs();
        double low = Math.max(0, link.pushUs() - link.jitterUs());
        double high = link.pushUs() + link.jitterUs() + w.floorUs() * PROCESSING_SLACK;
        return new Prediction(Metric.LATENCY_P50_US, predicted, low, high, measured.get(Metric.LATENCY_P50_US),
                link.any() ? reason + String.format(java.util.Locale.ROOT, " (%.0f ms up + %.0f ms down on the link)",
                        link.upUs() / 1e3, link.downUs() / 1e3) : reason);
    }

    /** The p99 on a link: the two transits plus {@code extraUs}, the jitter, and at most one RTO of a lost segment. */
    public static Prediction transitsP99(Workload w, Measured measured, double extraUs, String reason) {
        Transits link = w.link();
        double base = link.pushUs() + extraUs;
        return new Prediction(Metric.LATENCY_P99_US, base + link.jitterUs(), link.pushUs(),
                base + link.jitterUs() + link.rtoUs() + w.floorUs() * PROCESSING_SLACK,
                measured.get(Metric.LATENCY_P99_US), reason);
    }
}
