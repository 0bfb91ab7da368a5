package deliverybench.strategy.sse;

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

/** Server-Sent Events: one {@code GET /events} held open, every message an event; the browser-native push over plain HTTP. */
public final class ServerSentEvents implements Strategy {

    // acks false: SSE has no upstream; what a client resumes from is its acknowledgement.
    private static final Descriptor DESCRIPTOR = new Descriptor("sse", "Server-Sent Events", "sse",
            Kind.PUSH, Transport.HTTP, false,
            "one GET /events held open as text/event-stream, every message an event; resumes with Last-Event-ID");

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void serve(ServerCore core) {
        core.get("/events", new HeldStreamEndpoint(core, core.counters(statsKey()), new SseFormat(), 0,
                SseFormat::resumeAfter));
    }

    @Override
    public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        return new SseReceiver(context, device, token);
    }

    /** A line per message, and the server's keep-alive after a silence (at the heartbeat's interval when asked). */
    @Override
    public Wakeups wakeups(Workload workload, HeartbeatPolicy heartbeat) {
        return Wakeups.heldStream(heartbeat);
    }

    @Override
    public List<Prediction> theory(Workload workload, Measured measured) {
        return Theories.push(workload, measured, "writes an event on the held answer");
    }
}
