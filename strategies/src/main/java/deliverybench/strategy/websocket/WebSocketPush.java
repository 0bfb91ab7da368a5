package deliverybench.strategy.websocket;

import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.SendLink;
import deliverybench.core.ServerCore;
import deliverybench.strategy.Descriptor;
import deliverybench.strategy.Kind;
import deliverybench.strategy.Transport;
import deliverybench.strategy.Measured;
import deliverybench.strategy.Prediction;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Theories;
import deliverybench.strategy.Workload;

import java.util.List;

/** WebSocket push: one handshake on {@code GET /ws}, then every message pushed as a text frame; the client acks. */
public final class WebSocketPush implements Strategy {

    private static final Descriptor DESCRIPTOR = new Descriptor("websocket", "WebSocket", "websocket",
            Kind.PUSH, Transport.OWN, true,
            "one WebSocket handshake, then every message pushed as a text frame; the client acks");

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void serve(ServerCore core) {
        core.get("/ws", new WebSocketEndpoint(core, core.counters(statsKey())));
    }

    @Override
    public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        return new WebSocketReceiver(context, device, token);
    }

    @Override
    public boolean carriesSends() {
        return true;
    }

    @Override
    public SendLink sendLink(ClientContext context, String token, SendLink.Listener listener) {
        return new WebSocketSendLink(context, token, listener);
    }

    @Override
    public List<Prediction> theory(Workload workload, Measured measured) {
        return Theories.push(workload, measured, "pushes a frame");
    }
}
