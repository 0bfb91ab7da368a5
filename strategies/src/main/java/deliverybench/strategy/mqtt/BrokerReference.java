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
import java.util.concurrent.atomic.LongAdder;

/**
 * An external MQTT broker measured as the reference beside our endpoint ({@code run --broker mosquitto}):
 * the same devices (MQTT 3.1.1, persistent sessions, {@code inbox/<user>}) and the same sender over MQTT,
 * which numbers each recipient's messages itself since a broker has no seq. Not in the registry: a run
 * makes one per broker, and since the broker has no {@code /stats}, its clients count its wire here.
 */
public final class BrokerReference implements Strategy {

    /** The wire of the broker as its clients see it: both directions, the devices' and the sender's apart. */
    public static final class Wire {
        public final LongAdder deliveryBytesIn = new LongAdder();
        public final LongAdder deliveryBytesOut = new LongAdder();
        public final LongAdder delivered = new LongAdder();
        public final LongAdder connects = new LongAdder();
        public final LongAdder open = new LongAdder();
        public final LongAdder sendBytesIn = new LongAdder();
        public final LongAdder sendBytesOut = new LongAdder();
        public final LongAdder sent = new LongAdder();
    }

    private final String broker;
    private final Descriptor descriptor;
    private final Wire wire = new Wire();
    private final MqttSendLink.BrokerSeqs seqs = new MqttSendLink.BrokerSeqs();

    /** @param broker the broker's name: {@code mosquitto} */
    public BrokerReference(String broker) {
        this.broker = broker;
        this.descriptor = new Descriptor(broker, broker + " (external)", broker,
                Kind.PUSH, Transport.OWN, true, "the external "
                + "reference: " + broker + ", an MQTT broker, with the same devices and sender over MQTT 3.1.1");
    }

    /** The name of its result in tables and files: {@code mosquitto-external}. */
    public static String resultName(String broker) {
        return broker + "-external";
    }

    public Wire wire() {
        return wire;
    }

    @Override
    public Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public boolean variant() {
        return true;
    }

    @Override
    public void serve(ServerCore core) {
        throw new UnsupportedOperationException(broker + " is an external broker: deliverybench does not serve it");
    }

    @Override
    public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        return new MqttReceiver(context, device, token, seed, MqttReceiver.Peer.BROKER).metered(wire);
    }

    @Override
    public boolean carriesSends() {
        return true;
    }

    @Override
    public SendLink sendLink(ClientContext context, String token, SendLink.Listener listener) {
        return new MqttSendLink(context, token, listener, MqttReceiver.Peer.BROKER, seqs).metered(wire);
    }

    @Override
    public List<Prediction> theory(Workload workload, Measured measured) {
        return Theories.push(workload, measured, "writes a PUBLISH");
    }
}
