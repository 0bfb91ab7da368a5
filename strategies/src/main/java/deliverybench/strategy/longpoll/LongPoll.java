package deliverybench.strategy.longpoll;

import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.core.ServerCore;
import deliverybench.metric.Metric;
import deliverybench.strategy.Descriptor;
import deliverybench.strategy.Kind;
import deliverybench.strategy.Transport;
import deliverybench.strategy.Wakeups;
import deliverybench.strategy.Measured;
import deliverybench.strategy.Prediction;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Theories;
import deliverybench.strategy.Workload;

import java.util.List;

/** Long polling: {@code GET /messages?wait=} is held, with no thread waiting, until a message arrives or the wait runs out. */
public final class LongPoll implements Strategy {

    private static final Descriptor DESCRIPTOR = new Descriptor("long-poll", "Long poll", "long_poll",
            Kind.PULL, Transport.HTTP, false,
            "asks GET /messages?wait= and is held until a message arrives or the wait runs out, then asks again");

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void serve(ServerCore core) {
        core.get("/messages", exchange -> exchange.getQueryParameters().containsKey("wait"),
                new LongPollEndpoint(core, core.counters(statsKey())));
    }

    @Override
    public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        return new LongPollReceiver(context, device, token);
    }

    /** An answer per message, or at the wait when none came. */
    @Override
    public Wakeups wakeups(Workload workload, HeartbeatPolicy heartbeat) {
        return Wakeups.perMessageOrAfter(workload.pollWaitSeconds());
    }

    @Override
    public List<Prediction> theory(Workload w, Measured measured) {
        return predictions(w, measured);
    }

    static List<Prediction> predictions(Workload w, Measured measured) {
        double floorUs = w.floorUs();
        double mu = w.perUserRate();
        double waitS = w.pollWaitSeconds();
        double requests = w.receivers() * mu / (1 - Math.exp(-mu * waitS));
        List<Prediction> all = new java.util.ArrayList<>(List.of(
                Theories.transitsP50(w, measured,
                        "a held request answers at once: one transit to send, one to deliver (RFC 6202 2.2)"),
                new Prediction(Metric.LATENCY_MAX_US, 2 * floorUs, 0, Double.POSITIVE_INFINITY,
                        measured.get(Metric.LATENCY_MAX_US),
                        "worst case about three transits plus the gap before the next poll is held (RFC 6202 2.2); not flagged"),
                Theories.emptyShare(Math.exp(-mu * waitS), measured,
                        "a held request is empty only when wait runs out first: e^(-rate/clients*wait)"),
                new Prediction(Metric.SERVER_REQUESTS_PER_SECOND, requests, 0.85 * requests, 1.15 * requests,
                        measured.get(Metric.SERVER_REQUESTS_PER_SECOND),
                        "one request per message per device, plus one per wait that runs out")));
        if (w.link().any()) {
            // A message that arrives while the next poll is still travelling up waits for it: one more transit.
            all.add(Theories.transitsP99(w, measured, w.link().downUs(),
                    "two transits, plus a third when the message arrives while the next poll is on its way (RFC 6202 2.2)"));
        }
        return List.copyOf(all);
    }
}
