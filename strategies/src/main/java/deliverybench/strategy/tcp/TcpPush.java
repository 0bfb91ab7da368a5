package deliverybench.strategy.tcp;

import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.SendLink;
import deliverybench.core.ServerCore;
import deliverybench.core.push.ConnectionSends;
import deliverybench.strategy.Descriptor;
import deliverybench.strategy.Kind;
import deliverybench.strategy.Transport;
import deliverybench.strategy.Measured;
import deliverybench.strategy.Prediction;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Theories;
import deliverybench.strategy.Workload;

import java.util.List;

/** Raw TCP push on a port of its own: HELLO, WELCOME, then a length-prefixed MSG frame per message; the client acks. */
public final class TcpPush implements Strategy {

    /** The name of its listener, among the server's ports. */
    public static final String LISTENER = "tcp";

    private static final Descriptor DESCRIPTOR = new Descriptor("tcp", "Raw TCP", "tcp", Kind.PUSH, Transport.OWN, true,
            "a raw TCP connection of its own: HELLO, WELCOME, then a length-prefixed MSG frame per message; the client acks");

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void serve(ServerCore core) throws java.io.IOException {
        var counters = core.counters(statsKey());
        var sends = new ConnectionSends(core);
        core.listen(LISTENER, core.config().tcpPort(),
                connection -> new TcpConnection(connection, core, counters, sends).start());
    }

    @Override
    public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        return new TcpReceiver(context, device, token);
    }

    @Override
    public boolean carriesSends() {
        return true;
    }

    @Override
    public SendLink sendLink(ClientContext context, String token, SendLink.Listener listener) {
        return new TcpSendLink(context, token, listener);
    }

    @Override
    public List<Prediction> theory(Workload workload, Measured measured) {
        return Theories.push(workload, measured, "writes a frame");
    }
}
