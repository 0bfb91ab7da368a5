package deliverybench.strategy.mqtt;

import deliverybench.core.Async;
import deliverybench.core.JsonCodec;
import deliverybench.core.PollQuery;
import deliverybench.core.push.PushSession;
import deliverybench.core.push.PushTransport;
import deliverybench.store.Message;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import java.util.concurrent.Executor;

/**
 * The delivery side of one MQTT connection: its session (kept or not across connections), the SUBSCRIBE to
 * the device's own inbox, a PUBLISH per message (QoS 1, acked by PUBACK, or QoS 0), and a 410 as one PUBLISH
 * on the gone topic. Every method runs on the connection's event loop.
 */
final class MqttDeliveries implements PushTransport<MqttDeliveries.Delivery> {

    /** A message encoded for this wire: its seq (the packet id comes from it) and its JSON. */
    record Delivery(long seq, byte[] json) {
    }

    private final MqttEndpoint endpoint;
    private final MqttConnection connection;
    private MqttSessions.State state;
    private PushSession<Delivery> session;
    private boolean subscribed;
    private boolean qos1 = true;
    private long startedAfter;
    private boolean batching;

    MqttDeliveries(MqttEndpoint endpoint, MqttConnection connection) {
        this.endpoint = endpoint;
        this.connection = connection;
    }

    /** The push session, registered; null before CONNECT was accepted. */
    PushSession<Delivery> session() {
        return session;
    }

    void attach(PushSession<Delivery> registered) {
        session = registered;
    }

    /** Finds or makes the device's session; returns whether one was kept from before. */
    boolean openSession(MqttConnectMessage connect, String user, String device) {
        boolean v5 = connection.v5();
        long nowMs = System.currentTimeMillis();
        long expiryS = 0;
        if (v5) {
            MqttProperties.MqttProperty<?> expiry = connect.variableHeader().properties()
                    .getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
            expiryS = expiry == null ? 0 : Integer.toUnsignedLong((Integer) expiry.value());
        }
        boolean persistent = v5 ? expiryS > 0 : !connect.variableHeader().isCleanSession();
        boolean cleanStart = connect.variableHeader().isCleanSession();
        // 3.1.1 keeps a persistent session until it is cleaned (or evicted); 5 for its expiry interval.
        long expiresAtMs = !v5 || expiryS == 0xFFFFFFFFL ? Long.MAX_VALUE : nowMs + expiryS * 1_000;
        if (!persistent) {
            endpoint.sessions.discard(user, device);
            return false;
        }
        MqttSessions.State kept = cleanStart ? null : endpoint.sessions.resume(user, device, nowMs);
        if (kept != null) {
            kept.expiresAtMs = expiresAtMs;
            state = kept;
            return true;
        }
        state = endpoint.sessions.create(user, device, endpoint.core.store().epoch(user), expiresAtMs);
        return false;
    }

    /** After CONNACK: a kept session that was subscribed goes on delivering where its device acknowledged. */
    void resumeKept(boolean present) {
        if (present && state.subscribed) {
            start(state.ackedSeq, state.epoch);
        }
    }

    void subscribe(MqttSubscribeMessage subscribe) {
        MqttMessageBuilders.SubAckBuilder ack = MqttMessageBuilders.subAck()
                .packetId(subscribe.variableHeader().messageId());
        MqttTopics.Subscription chosen = null;
        String user = connection.user();
        for (MqttTopicSubscription filter : subscribe.payload().topicSubscriptions()) {
            MqttTopics.Subscription asked = MqttTopics.subscription(filter.topicFilter());
            if (asked != null && subscribed && asked.after() < 0 && asked.user().equals(user)) {
                // MQTT 3.1.1 section 3.8.4: subscribing again to the same filter replaces it; delivery goes on.
                ack.addGrantedQos(qos1 ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE);
                continue;
            }
            if (asked == null || !asked.user().equals(user) || subscribed || chosen != null) {
                // Not this device's inbox (or a second one): SUBACK failure, and nothing else happens.
                ack.addGrantedQos(MqttQoS.FAILURE);
                continue;
            }
            chosen = asked;
            qos1 = filter.qualityOfService() != MqttQoS.AT_MOST_ONCE;
            ack.addGrantedQos(qos1 ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE);
        }
        connection.context().writeAndFlush(ack.build());
        if (chosen == null) {
            return;
        }
        long after = chosen.after() >= 0 ? chosen.after() : state != null ? state.ackedSeq : 0;
        long epoch = chosen.after() >= 0 ? chosen.epoch() : state != null ? state.epoch : 0;
        if (state != null) {
            state.subscribed = true;
            state.ackedSeq = after;
        }
        start(after, epoch);
    }

    void unsubscribe(MqttUnsubscribeMessage unsubscribe) {
        // One subscription per connection; dropping it ends delivery (the connection stays for sends).
        session.stop();
        if (state != null) {
            state.subscribed = false;
        }
        MqttMessageBuilders.UnsubAckBuilder ack = MqttMessageBuilders.unsubAck()
                .packetId(unsubscribe.variableHeader().messageId());
        if (connection.v5()) {
            unsubscribe.payload().topics().forEach(t -> ack.addReasonCode((short) 0));
        }
        connection.context().writeAndFlush(ack.build());
    }

    /** Starts delivery after {@code after}, or says gone when {@code epoch} is not the store's. */
    private void start(long after, long epoch) {
        subscribed = true;
        startedAfter = after;
        endpoint.counters.requests.increment();
        String user = connection.user();
        long current = endpoint.core.store().epoch(user);
        if (PollQuery.staleEpoch(epoch, current)) {
            Async.on(ioThread(), endpoint.core.store().position(user),
                    position -> gone(JsonCodec.staleEpoch(epoch, position.oldestSeq(), current)),
                    error -> connection.disconnect(MqttConnection.UNSPECIFIED, "the message store is unavailable"));
            return;
        }
        if (state != null) {
            state.epoch = current;
        }
        session.start(after);
    }

    /** A PUBACK: the packet id names the latest written message with that id (ids are the seq modulo 65,535). */
    void acked(int packetId) {
        long written = session.writtenSeq();
        long seq = written - Math.floorMod(packetId(written) - packetId, 65_535);
        if (seq <= 0 || seq <= startedAfter) {
            return;
        }
        session.acked(seq);
        if (state != null && seq > state.ackedSeq) {
            state.ackedSeq = seq;
        }
    }

    static int packetId(long seq) {
        return (int) ((seq - 1) % 65_535) + 1;
    }

    /** A 410: one PUBLISH on {@code inbox/<user>/gone} with the poll's 410 body, then close. */
    private void gone(byte[] body) {
        session.stop();
        if (state != null) {
            state.subscribed = false;
        }
        connection.closeAfter(new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPublishVariableHeader(MqttTopics.gone(connection.user()), -1), Unpooled.wrappedBuffer(body)));
    }

    @Override
    public Executor ioThread() {
        return connection.ioThread();
    }

    @Override
    public Delivery encode(Message message) {
        return new Delivery(message.seq(), JsonCodec.message(message));
    }

    @Override
    public int size(Delivery encoded) {
        return encoded.json().length;
    }

    @Override
    public void batch(Runnable writes) {
        batching = true;
        try {
            writes.run();
        } finally {
            batching = false;
        }
        connection.context().flush();
    }

    @Override
    public void write(Delivery encoded, Runnable written) {
        if (connection.closing()) {
            return;
        }
        ChannelHandlerContext ctx = connection.context();
        MqttPublishMessage publish = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos1 ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE,
                        false, 0),
                new MqttPublishVariableHeader(MqttTopics.inbox(connection.user()), qos1 ? packetId(encoded.seq()) : -1),
                Unpooled.wrappedBuffer(encoded.json()));
        ctx.write(publish).addListener(future -> {
            if (future.isSuccess()) {
                written.run();
                if (!qos1) {
                    // QoS 0 has no PUBACK: what left is as acknowledged as it will ever be.
                    session.acked(encoded.seq());
                }
            }
        });
        if (!batching) {
            ctx.flush();
        }
    }

    @Override
    public void closeOverflow(String reason) {
        connection.disconnect(MqttConnection.QUOTA_EXCEEDED, reason);
    }

    @Override
    public void closeGone(long oldestSeq) {
        gone(JsonCodec.gone(startedAfter, oldestSeq, endpoint.core.store().epoch(connection.user())));
    }
}
