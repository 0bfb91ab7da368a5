package deliverybench.strategy.mqtt;

import deliverybench.auth.AuthException;
import deliverybench.auth.UserIds;
import deliverybench.core.Async;
import deliverybench.core.JsonCodec;
import deliverybench.core.PollQuery;
import deliverybench.core.push.PushSession;
import deliverybench.core.push.PushTransport;
import deliverybench.store.Message;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT connection (contract v4): CONNECT with the token as password, a SUBSCRIBE to the device's own
 * inbox, then a QoS 1 PUBLISH per message, acked by PUBACK; PUBLISHes to another inbox are sends.
 * Every method runs on the connection's event loop.
 */
final class MqttConnection extends SimpleChannelInboundHandler<MqttMessage> implements PushTransport<MqttConnection.Delivery> {

    /** A message encoded for this wire: its seq (the packet id comes from it) and its JSON. */
    record Delivery(long seq, byte[] json) {
    }

    private static final long CLOSE_GRACE_MS = 1_000;
    /** MQTT 5 reason codes this server sends (MQTT 5 section 2.4). */
    static final byte QUOTA_EXCEEDED = (byte) 0x97;
    static final byte PACKET_TOO_LARGE = (byte) 0x95;
    static final byte PROTOCOL_ERROR = (byte) 0x82;
    static final byte QOS_NOT_SUPPORTED = (byte) 0x9B;
    static final byte UNSPECIFIED = (byte) 0x80;

    private final MqttEndpoint endpoint;
    private final MqttFrameSplitter splitter;
    private ChannelHandlerContext ctx;
    private InetAddress peer;
    private boolean handshaking;
    private ScheduledFuture<?> connectTimer;
    private String user;
    private String device;
    private boolean v5;
    private MqttSessions.State state;
    private PushSession<Delivery> session;
    private boolean subscribed;
    private boolean qos1 = true;
    private long startedAfter;
    private boolean batching;
    private boolean closing;
    private final MqttSends sends;

    MqttConnection(MqttEndpoint endpoint, MqttFrameSplitter splitter) {
        this.endpoint = endpoint;
        this.splitter = splitter;
        this.sends = new MqttSends(endpoint, this);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        endpoint.counters.openConnections.incrementAndGet();
        peer = ((InetSocketAddress) context.channel().remoteAddress()).getAddress();
        if (!endpoint.admit(peer)) {
            // No CONNACK before a CONNECT: the protocol has no word for it, so the connection is just closed.
            context.close();
            return;
        }
        handshaking = true;
        long timeoutMs = endpoint.core.config().connectionLimits().helloTimeoutMs();
        connectTimer = context.executor().schedule(() -> {
            context.close();
        }, timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, MqttMessage msg) {
        if (closing) {
            return;
        }
        if (msg.decoderResult().isFailure()) {
            malformed(msg);
            return;
        }
        MqttMessageType type = msg.fixedHeader().messageType();
        if (user == null) {
            if (type != MqttMessageType.CONNECT) {
                // MQTT 3.1.1 section 3.1: the first packet must be CONNECT; anything else closes.
                context.close();
                return;
            }
            connect((MqttConnectMessage) msg);
            return;
        }
        switch (type) {
            case SUBSCRIBE -> subscribe((MqttSubscribeMessage) msg);
            case UNSUBSCRIBE -> unsubscribe((MqttUnsubscribeMessage) msg);
            case PUBLISH -> sends.publish((MqttPublishMessage) msg);
            case PUBACK -> acked(((MqttMessageIdVariableHeader) msg.variableHeader()).messageId());
            case PINGREQ -> context.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP,
                    false, MqttQoS.AT_MOST_ONCE, false, 0)));
            case DISCONNECT -> context.close();
            default -> disconnect(PROTOCOL_ERROR, type + " is not a packet a client sends here");
        }
    }

    private void malformed(MqttMessage msg) {
        Throwable cause = msg.decoderResult().cause();
        if (user == null && cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
        } else if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            disconnect(PACKET_TOO_LARGE, "a packet is over " + MqttEndpoint.MAX_PACKET_BYTES + " bytes");
        } else {
            disconnect(PROTOCOL_ERROR, "malformed packet: " + cause.getMessage());
        }
    }

    private void connect(MqttConnectMessage connect) {
        v5 = connect.variableHeader().version() == 5;
        String clientId = connect.payload().clientIdentifier();
        String token = connect.payload().password();
        String name = connect.payload().userName();
        String tokenUser;
        try {
            if (token == null) {
                throw new AuthException("no token: the password must be the token");
            }
            tokenUser = endpoint.core.verifier().verify(token);
        } catch (AuthException e) {
            endpoint.counters.authRefused.increment();
            refuse(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            return;
        }
        if (!tokenUser.equals(name)) {
            endpoint.counters.authRefused.increment();
            refuse(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            return;
        }
        int slash = clientId == null ? -1 : clientId.indexOf('/');
        if (slash < 0 || !clientId.substring(0, slash).equals(tokenUser) || !UserIds.isValid(clientId.substring(slash + 1))) {
            refuse(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                    : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            return;
        }
        PushSession<Delivery> candidate = new PushSession<>(endpoint.core.store(), tokenUser, this,
                endpoint.core.pushLimits(), endpoint.counters);
        if (!endpoint.core.registry().add(candidate)) {
            refuse(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        MqttConnection previous = endpoint.live.put(clientId, this);
        if (previous != null) {
            // MQTT 3.1.1 section 3.1.4: a second connection with the same client id takes over.
            previous.ctx.executor().execute(previous::takenOver);
        }
        user = tokenUser;
        device = clientId.substring(slash + 1);
        session = candidate;
        finishHandshake();
        splitter.limit(MqttEndpoint.MAX_PACKET_BYTES);
        long keepAliveS = connect.variableHeader().keepAliveTimeSeconds();
        if (keepAliveS > 0) {
            // MQTT 3.1.1 section 3.1.2.10: one and a half keep-alives without a packet and the server closes.
            ctx.pipeline().addFirst("keep-alive", new ReadTimeoutHandler(keepAliveS * 3 / 2 + 1, TimeUnit.SECONDS));
        }
        boolean present = openSession(connect);
        MqttProperties properties = new MqttProperties();
        if (v5) {
            properties.add(new MqttProperties.UserProperty("epoch", Long.toString(endpoint.core.store().epoch(user))));
            properties.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), MqttEndpoint.MAX_PACKET_BYTES));
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
            properties.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 0));
            properties.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
        }
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(present).properties(properties).build());
        if (present && state.subscribed) {
            start(state.ackedSeq, state.epoch);
        }
    }

    /** Finds or makes the device's session; returns whether one was kept from before. */
    private boolean openSession(MqttConnectMessage connect) {
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

    private void subscribe(MqttSubscribeMessage subscribe) {
        MqttMessageBuilders.SubAckBuilder ack = MqttMessageBuilders.subAck()
                .packetId(subscribe.variableHeader().messageId());
        MqttTopics.Subscription chosen = null;
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
        ctx.writeAndFlush(ack.build());
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

    private void unsubscribe(MqttUnsubscribeMessage unsubscribe) {
        // One subscription per connection; dropping it ends delivery (the connection stays for sends).
        session.stop();
        if (state != null) {
            state.subscribed = false;
        }
        MqttMessageBuilders.UnsubAckBuilder ack = MqttMessageBuilders.unsubAck()
                .packetId(unsubscribe.variableHeader().messageId());
        if (v5) {
            unsubscribe.payload().topics().forEach(t -> ack.addReasonCode((short) 0));
        }
        ctx.writeAndFlush(ack.build());
    }

    /** Starts delivery after {@code after}, or says gone when {@code epoch} is not the store's. */
    private void start(long after, long epoch) {
        subscribed = true;
        startedAfter = after;
        endpoint.counters.requests.increment();
        long current = endpoint.core.store().epoch(user);
        if (PollQuery.staleEpoch(epoch, current)) {
            Async.on(ioThread(), endpoint.core.store().position(user),
                    position -> gone(JsonCodec.staleEpoch(epoch, position.oldestSeq(), current)),
                    error -> disconnect(UNSPECIFIED, "the message store is unavailable"));
            return;
        }
        if (state != null) {
            state.epoch = current;
        }
        session.start(after);
    }

    /** A PUBACK: the packet id names the latest written message with that id (ids are the seq modulo 65,535). */
    private void acked(int packetId) {
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
        MqttPublishMessage publish = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPublishVariableHeader(MqttTopics.gone(user), -1), Unpooled.wrappedBuffer(body));
        closing = true;
        ctx.writeAndFlush(publish).addListener(ChannelFutureListener.CLOSE);
        closeLater();
    }

    /** Refuses a CONNECT with {@code code}, then closes. */
    private void refuse(MqttConnectReturnCode code) {
        closing = true;
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build())
                .addListener(ChannelFutureListener.CLOSE);
        closeLater();
    }

    /** MQTT 5: DISCONNECT with the reason, then close; 3.1.1 has no such packet and just closes. */
    void disconnect(byte reason, String text) {
        if (closing) {
            return;
        }
        closing = true;
        if (session != null) {
            session.stop();
        }
        if (v5 && user != null) {
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), text));
            ctx.writeAndFlush(MqttMessageBuilders.disconnect().reasonCode(reason).properties(properties).build())
                    .addListener(ChannelFutureListener.CLOSE);
            closeLater();
        } else {
            ctx.close();
        }
    }

    private void takenOver() {
        disconnect((byte) 0x8E, "session taken over by another connection with this client id");
    }

    private void closeLater() {
        ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    private void finishHandshake() {
        if (handshaking) {
            handshaking = false;
            endpoint.finished(peer);
        }
        if (connectTimer != null) {
            connectTimer.cancel(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        endpoint.counters.openConnections.decrementAndGet();
        finishHandshake();
        if (session != null) {
            session.stop();
            endpoint.core.registry().remove(session);
            endpoint.live.remove(user + "/" + device, this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            // The splitter refused a declared length: MQTT 5 says why, 3.1.1 just closes.
            disconnect(PACKET_TOO_LARGE, cause.getMessage());
            return;
        }
        // A reset, a read timeout (keep-alive), a malformed length: nothing to answer, the connection goes.
        context.close();
    }

    boolean v5() {
        return v5;
    }

    String user() {
        return user;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    @Override
    public Executor ioThread() {
        return ctx.channel().eventLoop();
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
        ctx.flush();
    }

    @Override
    public void write(Delivery encoded, Runnable written) {
        if (closing) {
            return;
        }
        MqttPublishMessage publish = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos1 ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE,
                        false, 0),
                new MqttPublishVariableHeader(MqttTopics.inbox(user), qos1 ? packetId(encoded.seq()) : -1),
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
        disconnect(QUOTA_EXCEEDED, reason);
    }

    @Override
    public void closeGone(long oldestSeq) {
        gone(JsonCodec.gone(startedAfter, oldestSeq, endpoint.core.store().epoch(user)));
    }
}
