package deliverybench.strategy.mqtt;

import deliverybench.client.ClientContext;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.Receiver;
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

/** MQTT 3.1.1 and 5 on a port of its own (Netty's codec): CONNECT with the token, SUBSCRIBE to the inbox, a QoS 1 PUBLISH per message, PUBACK as the ack. */
public final class MqttPush implements Strategy {

    /** The name of its listener, among the server's ports. */
    public static final String LISTENER = "mqtt";

    private static final Descriptor DESCRIPTOR = new Descriptor("mqtt", "MQTT", "mqtt", Kind.PUSH, Transport.OWN, true,
            "MQTT 3.1.1/5 on a port of its own: CONNECT with the token, SUBSCRIBE inbox/<user>, "
                    + "a QoS 1 PUBLISH per message, PUBACK as the ack");

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void serve(ServerCore core) throws java.io.IOException {
        MqttEndpoint endpoint = MqttEndpoint.bind(core, core.counters(statsKey()));
        core.listening(LISTENER, endpoint.port(), endpoint::close);
    }

    @Override
    public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        return new MqttReceiver(context, device, token, seed, MqttReceiver.Peer.OURS);
    }

    @Override
    public boolean carriesSends() {
        return true;
    }

    @Override
    public SendLink sendLink(ClientContext context, String token, SendLink.Listener listener) {
        return new MqttSendLink(context, token, listener, MqttReceiver.Peer.OURS, null);
    }

    @Override
    public List<Prediction> theory(Workload workload, Measured measured) {
        return Theories.push(workload, measured, "writes a PUBLISH");
    }
}
