package deliverybench.strategy.mqtt;

import deliverybench.client.ClientContext;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.Outbound;
import deliverybench.client.PushReceiver;
import deliverybench.client.WireJson;
import deliverybench.client.heartbeat.Heartbeat;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A device as an MQTT client on the driver's XNIO threads. Against our endpoint: MQTT 5, a clean
 * session, and {@code inbox/<user>/after/<seq>/<epoch>} so that it resumes where its ledger says.
 * Against a broker ({@link MqttReceiver.Peer#BROKER}): MQTT 3.1.1, a persistent session that the broker
 * keeps across reconnects, and {@code inbox/<user>}. Every QoS 1 PUBLISH is acked by a PUBACK at once.
 */
final class MqttReceiver extends PushReceiver<StreamConnection> {

    /** Whom the client talks to: our endpoint (contract v4) or an external broker that knows nothing of seqs. */
    enum Peer {
        OURS,
        BROKER
    }

    /** A broker's keep-alive: the client sends PINGREQ after this long; ours needs none. */
    static final int KEEP_ALIVE_S = 60;

    private final Peer peer;
    private final String user;
    private final String clientId;
    private final boolean v5;
    private StreamConnection connection;
    private Outbound outbound;
    private MqttPacketDecoder decoder;
    private long connAckEpoch;
    private org.xnio.XnioExecutor.Key pinger;
    // The run's heartbeat (run --heartbeat), against our endpoint only: a broker keeps its own keep-alive.
    private Heartbeat heartbeat;
    private BrokerReference.Wire wire;

    MqttReceiver(ClientContext context, ReceivingDevice device, String token, long seed, Peer peer) {
        super(context, device, token);
        this.peer = peer;
        this.user = TokenSubject.of(token);
        this.clientId = user + "/d" + Long.toUnsignedString(seed);
        this.v5 = peer == Peer.OURS;
    }

    /** Counts this client's wire into {@code brokerWire}: an external broker has no {@code /stats}. */
    MqttReceiver metered(BrokerReference.Wire brokerWire) {
        this.wire = brokerWire;
        return this;
    }

    @Override
    protected IoFuture<StreamConnection> open() {
        // Under TLS when the run is (a broker's context has none): the same packets inside the records.
        return context.open(thread, context.address(MqttPush.LISTENER), socketOptions());
    }

    @Override
    protected void resumeReading() {
        if (connection != null) {
            connection.getSourceChannel().resumeReads();
        }
    }

    @Override
    protected void connected(StreamConnection result) {
        connection = result;
        decoder = new MqttPacketDecoder(MqttEndpoint.MAX_PACKET_BYTES);
        outbound = new Outbound(result);
        if (wire != null) {
            wire.connects.increment();
            wire.open.increment();
        }
        Heartbeat beating = peer == Peer.OURS ? heartbeat(() -> send(MqttWire.pingReq())) : null;
        heartbeat = beating;
        result.setCloseListener(c -> {
            if (beating != null) {
                beating.stop();
            }
            if (wire != null) {
                wire.open.decrement();
            }
            if (pinger != null) {
                pinger.remove();
                pinger = null;
            }
            reconnector.disconnected();
        });
        result.getSourceChannel().setReadListener(ch -> onReadable());
        result.getSourceChannel().resumeReads();
        boolean broker = peer == Peer.BROKER;
        send(MqttWire.connect(v5, clientId, user, token, !broker, broker ? KEEP_ALIVE_S : 0, 0));
    }

    private void onReadable() {
        try {
            while (true) {
                ByteBuffer target = decoder.readTarget();
                int limit = target.limit();
                if (slow()) {
                    // 1 KiB now, then nothing for a second: the server's queue for us fills up.
                    target.limit(Math.min(limit, target.position() + 1_024));
                }
                int read = connection.getSourceChannel().read(target);
                target.limit(limit);
                if (read < 0) {
                    IoUtils.safeClose(connection);
                    return;
                }
                if (read == 0) {
                    return;
                }
                if (wire != null) {
                    wire.deliveryBytesOut.add(read);
                }
                decoder.decode(this::onPacket);
                if (slow()) {
                    StreamConnection current = connection;
                    current.getSourceChannel().suspendReads();
                    thread.executeAfter(() -> {
                        if (current.isOpen()) {
                            current.getSourceChannel().resumeReads();
                        }
                    }, 1, TimeUnit.SECONDS);
                    return;
                }
            }
        } catch (IOException | MqttPacketDecoder.MalformedPacket | RuntimeException e) {
            context.countError();
            IoUtils.safeClose(connection);
        }
    }

    private void onPacket(int typeAndFlags, ByteBuffer body) throws MqttPacketDecoder.MalformedPacket {
        switch (typeAndFlags >> 4) {
            case MqttWire.CONNACK -> connAcked(body);
            case MqttWire.SUBACK -> {
                if (MqttWire.subAckCode(body, v5) >= 0x80) {
                    context.countError();
                    IoUtils.safeClose(connection);
                } else if (peer == Peer.OURS && context.epochs() && connAckEpoch > 0) {
                    device.epoch(connAckEpoch);
                }
            }
            case MqttWire.PUBLISH -> published(MqttWire.publish(typeAndFlags, body, v5));
            case MqttWire.DISCONNECT -> IoUtils.safeClose(connection);
            case MqttWire.PINGRESP -> {
                if (heartbeat != null) {
                    heartbeat.answered();
                }
            }
            default -> {
                // Anything else a broker may say needs nothing here.
            }
        }
    }

    private void connAcked(ByteBuffer body) {
        if (MqttWire.connAckCode(body) != 0) {
            context.countError();
            IoUtils.safeClose(connection);
            return;
        }
        String filter;
        if (peer == Peer.BROKER) {
            filter = MqttTopics.inbox(user);
            pinger = thread.executeAtInterval(this::ping, KEEP_ALIVE_S / 2, TimeUnit.SECONDS);
        } else {
            String epoch = v5 ? MqttWire.connAckProperty(body, "epoch") : null;
            connAckEpoch = epoch == null ? 0 : Long.parseLong(epoch);
            filter = MqttTopics.after(user, device.resumeAfter(), context.epochs() ? device.epoch() : 0);
        }
        send(MqttWire.subscribe(v5, 1, filter, 1));
    }

    private void ping() {
        if (connection != null && connection.isOpen()) {
            send(MqttWire.pingReq());
        }
    }

    private void published(MqttWire.Publish publish) throws MqttPacketDecoder.MalformedPacket {
        String json = StandardCharsets.UTF_8.decode(publish.payload()).toString();
        if (publish.topic().endsWith("/gone")) {
            context.countGone();
            device.gone(WireJson.field(json, "oldest") - 1, WireJson.field(json, "epoch"));
            return;
        }
        try {
            WireJson.visitPushed(json, device::deliver, device::epoch);
        } catch (IOException e) {
            throw new MqttPacketDecoder.MalformedPacket("a PUBLISH whose payload is not a message: " + e.getMessage());
        }
        if (wire != null) {
            wire.delivered.increment();
        }
        if (publish.packetId() > 0) {
            send(MqttWire.pubAck(publish.packetId()));
        }
    }

    /** Writes a packet, counted as the broker's bytes in (what it reads from this device). */
    private void send(ByteBuffer packet) {
        if (wire != null) {
            wire.deliveryBytesIn.add(packet.remaining());
        }
        outbound.send(packet);
    }
}
