package deliverybench.strategy.shortpoll;

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

/** Short polling: every device asks {@code GET /messages} every interval and is answered at once, mostly "nothing new". */
public final class ShortPoll implements Strategy {

    private static final Descriptor DESCRIPTOR = new Descriptor("short-poll", "Short poll", "short_poll",
            Kind.PULL, Transport.HTTP, false,
            "asks GET /messages every interval and is answered at once, mostly with nothing new");

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void serve(ServerCore core) {
        core.get("/messages", exchange -> !exchange.getQueryParameters().containsKey("wait"),
                new ShortPollEndpoint(core, core.counters(statsKey())));
    }

    @Override
    public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        return new ShortPollReceiver(context, device, token, seed);
    }

    /** The last message may wait a whole interval for the next poll. */
    @Override
    public long extraGraceMs(Workload workload) {
        return workload.pollIntervalMs();
    }

    /** A poll every interval, whatever arrives: what came rides its answer; no heartbeat (a poll is one). */
    @Override
    public Wakeups wakeups(Workload workload, HeartbeatPolicy heartbeat) {
        return Wakeups.polls(workload.pollIntervalMs() / 1000.0);
    }

    @Override
    public List<Prediction> theory(Workload w, Measured measured) {
        if (w.pollIntervalMs() == 0) {
            // Asking again as soon as answered (a benchmark of the request path): no interval to predict from.
            return List.of();
        }
        double intervalUs = w.pollIntervalMs() * 1_000.0;
        double intervalS = w.pollIntervalMs() / 1_000.0;
        // On a link the message travels up, waits for a poll, and the answer travels down.
        double floorUs = w.floorUs() + w.link().pushUs();
        double slack = Theories.PROCESSING_SLACK;
        double requests = w.receivers() / intervalS;
        double empty = Math.exp(-w.perUserRate() * intervalS);
        return List.of(
                new Prediction(Metric.LATENCY_MEAN_US, intervalUs / 2 + floorUs,
                        0.8 * intervalUs / 2 + Math.max(0, w.link().pushUs() - w.link().jitterUs()),
                        1.2 * intervalUs / 2 + w.floorUs() * slack + w.link().pushUs() + w.link().jitterUs(),
                        measured.get(Metric.LATENCY_MEAN_US),
                        "a message waits for the next poll: half the interval on average, plus the floor"),
                new Prediction(Metric.LATENCY_MAX_US, intervalUs + floorUs, 0, 1.1 * intervalUs + w.floorUs() * slack
                        + w.link().pushUs() + w.link().jitterUs() + w.link().rtoUs(),
                        measured.get(Metric.LATENCY_MAX_US),
                        "at worst it arrives just after a poll: one interval, plus the floor"),
                new Prediction(Metric.SERVER_REQUESTS_PER_SECOND, requests, 0.85 * requests, 1.15 * requests,
                        measured.get(Metric.SERVER_REQUESTS_PER_SECOND),
                        "every device asks once per interval, whatever the message rate"),
                Theories.emptyShare(empty, measured,
                        "a poll is empty when no message reached its user during the interval: e^(-rate/clients*interval)"));
    }
}
