package deliverybench.strategy.mqtt;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import deliverybench.client.ClientContext;
import deliverybench.client.LinkConnection;
import deliverybench.client.SendLink;
import deliverybench.core.JsonCodec;
import deliverybench.store.Message;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's sends over MQTT: a QoS 1 PUBLISH to {@code inbox/<recipient>} per send, answered by
 * PUBACK. To our endpoint (MQTT 5) the payload is {@code {"body": ...}} and the PUBACK carries the seq;
 * to a broker (MQTT 3.1.1), which has no seq, the driver numbers each recipient's messages itself and
 * publishes the whole message object, so that the devices read the same payload either way.
 */
final class MqttSendLink implements SendLink, LinkConnection.Events {

    private static final AtomicLong LINKS = new AtomicLong();

    private final Listener listener;
    private final MqttReceiver.Peer peer;
    private final BrokerSeqs seqs;
    private final boolean v5;
    private final MqttPacketDecoder decoder = new MqttPacketDecoder(MqttEndpoint.MAX_PACKET_BYTES);
    /** packet id -> {send id, seq (broker only)}: MQTT's ids are 16 bits, the link's 32. */
    private final Map<Integer, long[]> pending = new HashMap<>();
    private int nextPacketId = 1;
    private final ByteBuffer connect;
    private final LinkConnection connection;
    private XnioIoThread.Key pinger;
    private BrokerReference.Wire wire;

    /** Each recipient's next seq, shared by every link of one sender to a broker. */
    static final class BrokerSeqs {
        private final Map<String, Long> highest = new java.util.concurrent.ConcurrentHashMap<>();

        long next(String to) {
            return highest.merge(to, 1L, Long::sum);
        }
    }

    MqttSendLink(ClientContext context, String token, Listener listener, MqttReceiver.Peer peer, BrokerSeqs seqs) {
        this.listener = listener;
        this.peer = peer;
        this.seqs = seqs;
        this.v5 = peer == MqttReceiver.Peer.OURS;
        String user = TokenSubject.of(token);
        this.connect = MqttWire.connect(v5, user + "/link" + LINKS.incrementAndGet(), user, token, true,
                MqttReceiver.KEEP_ALIVE_S, 0);
        this.connection = new LinkConnection(context, MqttPush.LISTENER);
        connection.open(this);
    }

    @Override
    public void connected() {
        write(connect);
        pinger = connection.thread().executeAtInterval(() -> write(MqttWire.pingReq()), MqttReceiver.KEEP_ALIVE_S / 2,
                TimeUnit.SECONDS);
    }

    @Override
    public void closed() {
        if (pinger != null) {
            pinger.remove();
        }
        listener.closed(this);
    }

    /** Counts this link's wire into {@code brokerWire}: an external broker has no {@code /stats}. */
    MqttSendLink metered(BrokerReference.Wire brokerWire) {
        this.wire = brokerWire;
        return this;
    }

    /** Writes a packet, counted as the broker's bytes in when metered. */
    private void write(ByteBuffer packet) {
        if (wire != null) {
            wire.sendBytesIn.add(packet.remaining());
        }
        connection.send(packet);
    }

    @Override
    public void send(long id, String to, String body) {
        int packetId = packetId();
        long seq = 0;
        byte[] payload;
        if (peer == MqttReceiver.Peer.BROKER) {
            seq = seqs.next(to);
            payload = JsonCodec.message(new Message(seq, "sender", body));
        } else {
            payload = ("{\"body\":" + quoted(body) + "}").getBytes(StandardCharsets.UTF_8);
        }
        pending.put(packetId, new long[]{id, seq});
        write(MqttWire.publish(v5, MqttTopics.inbox(to), packetId, payload));
    }

    /** The next free 16-bit packet id. */
    private int packetId() {
        if (pending.size() >= 65_535) {
            throw new IllegalStateException("65,535 sends out on one MQTT link: its packet ids are used up");
        }
        while (pending.containsKey(nextPacketId)) {
            nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
        }
        int id = nextPacketId;
        nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
        return id;
    }

    private static String quoted(String body) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(body)) + "\"";
    }

    @Override
    public XnioIoThread thread() {
        return connection.thread();
    }

    @Override
    public void close() {
        connection.closeLater();
    }

    @Override
    public void readable() {
        try {
            int read;
            while ((read = connection.read(decoder.readTarget())) > 0) {
                if (wire != null) {
                    wire.sendBytesOut.add(read);
                }
                decoder.decode(this::onPacket);
            }
        } catch (IOException | MqttPacketDecoder.MalformedPacket | RuntimeException e) {
            connection.close();
        }
    }

    private void onPacket(int typeAndFlags, ByteBuffer body) {
        switch (typeAndFlags >> 4) {
            case MqttWire.CONNACK -> {
                if (MqttWire.connAckCode(body) == 0) {
                    listener.opened(this);
                } else {
                    connection.close();
                }
            }
            case MqttWire.PUBACK -> {
                MqttWire.PubAck ack = MqttWire.pubAck(body);
                long[] sent = pending.remove(ack.packetId());
                if (sent == null) {
                    return;
                }
                if (ack.reasonCode() >= 0x80) {
                    listener.refused(sent[0], status(ack.reasonCode()), "PUBACK reason code 0x"
                            + Integer.toHexString(ack.reasonCode()));
                } else {
                    if (wire != null) {
                        wire.sent.increment();
                    }
                    listener.sent(sent[0], peer == MqttReceiver.Peer.BROKER ? sent[1] : ack.seq());
                }
            }
            case MqttWire.DISCONNECT -> connection.close();
            default -> {
                // PINGRESP; a PUBLISH to the sender's own inbox is not this link's business.
            }
        }
    }

    /** The contract's status of an MQTT 5 refusal code (docs/mqtt.md). */
    static int status(int reasonCode) {
        return switch (reasonCode) {
            case 0x90, 0x99 -> 400;
            case 0x97 -> 413;
            default -> 503;
        };
    }
}
