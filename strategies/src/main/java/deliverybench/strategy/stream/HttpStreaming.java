package deliverybench.strategy.stream;

import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.core.ServerCore;
import deliverybench.core.push.HeldStreamEndpoint;
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

/**
 * HTTP streaming (RFC 6202 section 3): one chunked {@code GET /stream} answer that never ends on its
 * own, one JSON line per message, ended by the server after {@code --stream-max-age} and asked again.
 */
public final class HttpStreaming implements Strategy {

    private static final Descriptor DESCRIPTOR = new Descriptor("stream", "HTTP streaming", "stream",
            Kind.PUSH, Transport.HTTP, false,
            "one chunked GET /stream answer, a JSON line per message, ended after --stream-max-age and asked again");

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void serve(ServerCore core) {
        core.get("/stream", new HeldStreamEndpoint(core, core.counters(statsKey()), new NdjsonFormat(),
                core.config().streamMaxAgeMs(), HeldStreamEndpoint::afterParameter));
    }

    @Override
    public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        return new StreamReceiver(context, device, token);
    }

    /** A line per message, and the server's keep-alive after a silence (at the heartbeat's interval when asked). */
    @Override
    public Wakeups wakeups(Workload workload, HeartbeatPolicy heartbeat) {
        return Wakeups.heldStream(heartbeat);
    }

    @Override
    public List<Prediction> theory(Workload workload, Measured measured) {
        return Theories.push(workload, measured, "writes a line on the held answer");
    }
}
