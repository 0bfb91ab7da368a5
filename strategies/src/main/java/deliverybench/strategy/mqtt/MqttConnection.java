package deliverybench.strategy.mqtt;

import deliverybench.auth.AuthException;
import deliverybench.auth.UserIds;
import deliverybench.core.push.PushSession;
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
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT connection (contract v4): CONNECT with the token as password, then packets until it closes. Its
 * deliveries (SUBSCRIBE, a QoS 1 PUBLISH per message, PUBACK) are {@link MqttDeliveries}', its sends (PUBLISHes
 * to another inbox) {@link MqttSends}'. Every method runs on the connection's event loop.
 */
final class MqttConnection extends SimpleChannelInboundHandler<MqttMessage> {

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
    private boolean closing;
    private final MqttSends sends;
    private final MqttDeliveries deliveries;

    MqttConnection(MqttEndpoint endpoint, MqttFrameSplitter splitter) {
        this.endpoint = endpoint;
        this.splitter = splitter;
        this.sends = new MqttSends(endpoint, this);
        this.deliveries = new MqttDeliveries(endpoint, this);
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
            case SUBSCRIBE -> deliveries.subscribe((MqttSubscribeMessage) msg);
            case UNSUBSCRIBE -> deliveries.unsubscribe((MqttUnsubscribeMessage) msg);
            case PUBLISH -> sends.publish((MqttPublishMessage) msg);
            case PUBACK -> deliveries.acked(((MqttMessageIdVariableHeader) msg.variableHeader()).messageId());
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
            tokenUser = endpoint.core.verifier().verifyOnConnect(token);
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
        PushSession<MqttDeliveries.Delivery> candidate = new PushSession<>(endpoint.core.store(), tokenUser, deliveries,
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
        deliveries.attach(candidate);
        finishHandshake();
        splitter.limit(MqttEndpoint.MAX_PACKET_BYTES);
        long keepAliveS = connect.variableHeader().keepAliveTimeSeconds();
        if (keepAliveS > 0) {
            // MQTT 3.1.1 section 3.1.2.10: one and a half keep-alives without a packet and the server closes.
            ctx.pipeline().addFirst("keep-alive", new ReadTimeoutHandler(keepAliveS * 3 / 2 + 1, TimeUnit.SECONDS));
        }
        boolean present = deliveries.openSession(connect, user, device);
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
        deliveries.resumeKept(present);
    }

    /** Refuses a CONNECT with {@code code}, then closes. */
    private void refuse(MqttConnectReturnCode code) {
        closeAfter(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build());
    }

    /** Writes {@code last}, then closes: once it is written, or after a grace period. */
    void closeAfter(MqttMessage last) {
        closing = true;
        ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        closeLater();
    }

    /** MQTT 5: DISCONNECT with the reason, then close; 3.1.1 has no such packet and just closes. */
    void disconnect(byte reason, String text) {
        if (closing) {
            return;
        }
        closing = true;
        if (deliveries.session() != null) {
            deliveries.session().stop();
        }
        if (v5 && user != null) {
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), text));
            closeAfter(MqttMessageBuilders.disconnect().reasonCode(reason).properties(properties).build());
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
        PushSession<MqttDeliveries.Delivery> session = deliveries.session();
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

    /** Whether the connection is ending: nothing more is written but its last packet. */
    boolean closing() {
        return closing;
    }

    Executor ioThread() {
        return ctx.channel().eventLoop();
    }
}
