package deliverybench.strategy.xmpp;

import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.SendLink;
import deliverybench.core.ServerCore;
import deliverybench.store.LocalStreamRecords;
import deliverybench.strategy.Descriptor;
import deliverybench.strategy.Kind;
import deliverybench.strategy.Transport;
import deliverybench.strategy.Measured;
import deliverybench.strategy.Prediction;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Theories;
import deliverybench.strategy.Workload;

import java.util.List;

/** XMPP (an RFC 6120 subset) on a port of its own: SASL PLAIN, a bound resource, {@code <message/>} pushes, XEP-0198 acks. */
public final class XmppPush implements Strategy {

    /** The name of its listener, among the server's ports. */
    public static final String LISTENER = "xmpp";

    private static final Descriptor DESCRIPTOR = new Descriptor("xmpp", "XMPP", "xmpp", Kind.PUSH, Transport.OWN, true,
            "an XMPP stream of its own: SASL PLAIN, a bound resource, a <message/> stanza per message; "
                    + "the client acks by XEP-0198 stream management");

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void serve(ServerCore core) throws java.io.IOException {
        var counters = core.counters(statsKey());
        Resumes resumes = new Resumes(core.store().sharedStreamRecords().orElseGet(LocalStreamRecords::new));
        core.listen(LISTENER, core.config().xmppPort(),
                connection -> new XmppConnection(connection, core, counters, resumes).start());
    }

    @Override
    public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        return new XmppReceiver(context, device, token, seed);
    }

    @Override
    public boolean carriesSends() {
        return true;
    }

    @Override
    public SendLink sendLink(ClientContext context, String token, SendLink.Listener listener) {
        return new XmppSendLink(context, token, listener);
    }

    @Override
    public List<Prediction> theory(Workload workload, Measured measured) {
        return Theories.push(workload, measured, "writes a <message/> stanza");
    }
}
