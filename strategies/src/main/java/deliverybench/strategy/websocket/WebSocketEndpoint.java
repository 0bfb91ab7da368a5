package deliverybench.strategy.websocket;

import deliverybench.auth.AuthException;
import deliverybench.auth.TokenVerifier;
import deliverybench.core.Async;
import deliverybench.core.ClientFrame;
import deliverybench.core.JsonCodec;
import deliverybench.core.PollQuery;
import deliverybench.core.ServerCore;
import deliverybench.core.http.HeldRequest;
import deliverybench.core.http.Responses;
import deliverybench.core.http.SendHandler;
import deliverybench.core.limits.PushLimits;
import deliverybench.core.push.ConnectionRegistry;
import deliverybench.core.push.ConnectionSends;
import deliverybench.core.push.PushSession;
import deliverybench.core.push.PushTransport;
import deliverybench.core.stats.ConnectionMeter;
import deliverybench.core.stats.ConnectionMeters;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.store.Message;
import deliverybench.store.MessageStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpUpgradeListener;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code GET /ws?after=}: one handshake, then every message of the user's inbox pushed as one text frame each. */
public final class WebSocketEndpoint implements HttpHandler {

    /** The largest text message a client may send: a send with a 64 KiB body, JSON-escaped; larger closes with 1009. */
    public static final int MAX_CLIENT_TEXT_BYTES = (int) SendHandler.MAX_REQUEST_BYTES;
    private static final long CLOSE_GRACE_MS = 2_000;
    // An upgraded connection no longer reports its close to Undertow's HTTP connection: we report it.
    private static final AttachmentKey<ConnectionMeter> METER = AttachmentKey.create(ConnectionMeter.class);
    // The upgrade's own exchange, so that its request can be let go once read (see forget).
    private static final AttachmentKey<HttpServerExchange> UPGRADE = AttachmentKey.create(HttpServerExchange.class);
    // ServerConnection.setUpgradeListener is protected: reached once, by reflection (see dropUpgradeListener).
    private static final Method SET_UPGRADE_LISTENER = upgradeListenerSetter();

    private final MessageStore store;
    private final TokenVerifier verifier;
    private final ConnectionMeters meters;
    private final ConnectionRegistry registry;
    private final StrategyCounters counters;
    private final PushLimits limits;
    private final ConnectionSends sends;
    private final HttpHandler handshake;

    WebSocketEndpoint(ServerCore core, StrategyCounters counters) {
        this.store = core.store();
        this.verifier = core.verifier();
        this.meters = core.meters();
        this.registry = core.registry();
        this.counters = counters;
        this.limits = core.pushLimits();
        this.sends = new ConnectionSends(core);
        this.handshake = new WebSocketProtocolHandshakeHandler((WebSocketConnectionCallback) this::onConnect,
                exchange -> Responses.error(exchange, 400, "expected a WebSocket upgrade"));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ConnectionMeter meter = meters.classify(exchange, counters);
        if (meter != null) {
            exchange.putAttachment(METER, meter);
        }
        counters.requests.increment();
        try {
            PollQuery.number(exchange, "after", 0, 0, Long.MAX_VALUE);
            PollQuery.epoch(exchange);
        } catch (PollQuery.BadQuery e) {
            Responses.error(exchange, 400, e.getMessage());
            return;
        }
        exchange.putAttachment(UPGRADE, exchange);
        // Undertow keeps the channel's URL for its life, made from the request URI and the query string: with the
        // token in the query that was about 250 bytes of every connection. The parameters stay parsed for onConnect.
        exchange.setQueryString("");
        handshake.handleRequest(exchange);
    }

    private void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        ConnectionMeter meter = exchange.getAttachment(METER);
        if (meter != null) {
            channel.addCloseTask(ch -> meter.closed());
        }
        String user;
        try {
            user = verifier.verifyOnConnect(token(exchange));
        } catch (AuthException e) {
            close(channel, 1008, e.getMessage());
            return;
        }
        long after = longParameter(exchange, "after");
        // A client that names an epoch (even 0, "not known yet") speaks contract v2: it is welcomed
        // with the epoch, and its epoch is checked. One that does not is served exactly as in v1.
        boolean namesEpoch = exchange.getRequestParameters().containsKey("epoch");
        long askedEpoch = longParameter(exchange, "epoch");
        forget(exchange);
        if (PollQuery.staleEpoch(askedEpoch, store.epoch(user))) {
            Async.on(channel.getIoThread(), store.position(user),
                    position -> close(channel, 4410, PushTransport.goneReason(position.oldestSeq(), store.epoch(user))),
                    error -> close(channel, 1011, "the message store is unavailable"));
            return;
        }
        PushSession<ByteBuffer> session = new PushSession<>(store, user,
                new Transport(channel, namesEpoch ? store.epoch(user) : 0), limits, counters);
        if (!registry.add(session)) {
            close(channel, 1008, "too many devices: at most " + registry.maxDevices() + " connections per user");
            return;
        }
        channel.addCloseTask(ch -> {
            session.stop();
            registry.remove(session);
        });
        channel.getReceiveSetter().set(new Receiver(session, sends));
        channel.resumeReceives();
        session.start(after);
    }

    /**
     * Lets the upgrade request go once read. Undertow keeps the upgrade's exchange for the connection's life (the
     * socket's close listener holds the HTTP connection, which holds its upgrade listener, which holds the exchange),
     * and with it the request's headers, query and strings: a heap dump of 50 connections showed it, and at 10,000
     * connections it was about a third of a WebSocket connection's heap. The token goes with it. Nothing reads the
     * exchange after the upgrade.
     */
    private static void forget(WebSocketHttpExchange facade) {
        HttpServerExchange exchange = facade.getAttachment(UPGRADE);
        if (exchange == null) {
            return;
        }
        dropUpgradeListener(exchange);
        exchange.removeAttachment(UPGRADE);
        exchange.removeAttachment(METER);
        exchange.getResponseHeaders().clear();
        HeldRequest.forget(exchange);
    }

    private static Method upgradeListenerSetter() {
        try {
            Method setter = ServerConnection.class.getDeclaredMethod("setUpgradeListener", HttpUpgradeListener.class);
            setter.setAccessible(true);
            return setter;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The HTTP connection's upgrade listener (Undertow's: it holds the handshake's facade, and so the exchange) has
     * made its one call, the one we are in, and is never called again: it is let go, and the exchange with it. When
     * Undertow's method cannot be reached, the exchange stays (emptied by {@link #forget}); nothing else changes.
     */
    private static void dropUpgradeListener(HttpServerExchange exchange) {
        if (SET_UPGRADE_LISTENER == null) {
            return;
        }
        try {
            SET_UPGRADE_LISTENER.invoke(exchange.getConnection(), (HttpUpgradeListener) null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Kept: the exchange stays reachable, as before.
        }
    }

    /** A query parameter already checked by {@link #handleRequest}; 0 when absent. */
    private static long longParameter(WebSocketHttpExchange exchange, String name) {
        List<String> values = exchange.getRequestParameters().get(name);
        return values == null || values.isEmpty() ? 0 : Long.parseLong(values.get(0));
    }

    private static String token(WebSocketHttpExchange exchange) {
        String header = TokenVerifier.bearerToken(exchange.getRequestHeader("Authorization"));
        if (header != null) {
            return header;
        }
        List<String> query = exchange.getRequestParameters().get("token");
        return query == null || query.isEmpty() ? null : query.get(0);
    }

    /**
     * Sends a close frame, then cuts the connection if the client does not answer it soon. When a close
     * frame was already sent (Undertow sends 1009 itself for a message over the limit), it only schedules
     * the cut: a second {@code sendClose} fails inside Undertow, which then closes the socket at once and
     * the client may never read the first close frame (it saw 1006 in about one run in nine).
     */
    static void close(WebSocketChannel channel, int code, String reason) {
        if (!channel.isCloseFrameSent()) {
            // A close reason is limited to 123 bytes by RFC 6455.
            String trimmed = reason.length() > 120 ? reason.substring(0, 120) : reason;
            WebSockets.sendClose(code, trimmed, channel, null);
        }
        channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    /** Writes one text frame per message; {@code epoch} is the store's for a v2 client, 0 for a v1 client. */
    private record Transport(WebSocketChannel channel, long epoch) implements PushTransport<ByteBuffer> {

        @Override
        public XnioIoThread ioThread() {
            return channel.getIoThread();
        }

        @Override
        public ByteBuffer encode(Message message) {
            return ByteBuffer.wrap(JsonCodec.message(message));
        }

        @Override
        public int size(ByteBuffer encoded) {
            return encoded.remaining();
        }

        @Override
        public void started(long highestSeq) {
            if (epoch != 0) {
                // Queued before any message, and frames leave in the order they are queued.
                WebSockets.sendText(ByteBuffer.wrap(JsonCodec.welcome(epoch, highestSeq)), channel, null);
            }
        }

        @Override
        public void write(ByteBuffer encoded, Runnable written) {
            WebSockets.sendText(encoded.duplicate(), channel, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel ch, Void context) {
                    written.run();
                }

                @Override
                public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                    IoUtils.safeClose(ch);
                }
            });
        }

        @Override
        public void closeOverflow(String reason) {
            close(channel, 1013, reason);
        }

        @Override
        public void closeGone(long oldestSeq) {
            close(channel, 4410, PushTransport.goneReason(oldestSeq, epoch));
        }
    }

    /**
     * Takes {@code {"ack": seq}} and {@code {"send": {...}, "id": n}} from the client; anything else
     * closes the connection (1003, or 1009 when too large).
     */
    private static final class Receiver extends AbstractReceiveListener {
        // The user and the counters are the session's: not copied here (16 bytes of every connection).
        private final PushSession<?> session;
        private final ConnectionSends sends;

        Receiver(PushSession<?> session, ConnectionSends sends) {
            this.session = session;
            this.sends = sends;
        }

        @Override
        protected long getMaxTextBufferSize() {
            return MAX_CLIENT_TEXT_BYTES;
        }

        @Override
        protected long getMaxBinaryBufferSize() {
            // Binary frames are refused: buffer no more of one than a small frame.
            return 4_096;
        }

        @Override
        protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
            String text = message.getData();
            ClientFrame frame = ClientFrame.parse(text);
            if (frame instanceof ClientFrame.Ack ack) {
                session.acked(ack.seq());
            } else if (frame instanceof ClientFrame.Send send) {
                long in = frameBytes(JsonCodec.utf8Length(text), true);
                sends.send(channel.getIoThread(), session.user(), send.id(), send.to(), send.body(), new ConnectionSends.Reply() {
                    @Override
                    public void sent(long id, long seq) {
                        answer(channel, JsonCodec.sent(id, seq), in);
                    }

                    @Override
                    public void refused(long id, int status, String error) {
                        answer(channel, JsonCodec.sendRefused(id, status, error), in);
                    }
                });
            } else if (frame instanceof ClientFrame.Refused refused) {
                sends.countRefused();
                answer(channel, JsonCodec.sendRefused(refused.id(), refused.status(), refused.error()),
                        frameBytes(JsonCodec.utf8Length(text), true));
            } else {
                close(channel, 1003, ((ClientFrame.Invalid) frame).why());
            }
        }

        /** Answers a send and books both frames' bytes to {@code send}. */
        private void answer(WebSocketChannel channel, byte[] json, long inBytes) {
            sends.rebook(session.counters(), inBytes, frameBytes(json.length, false));
            if (channel.isCloseFrameSent()) {
                // The send was stored, but the connection is closing: Undertow would refuse the frame and cut
                // the socket before the close frame left. The client learns the seq when it resumes.
                return;
            }
            WebSockets.sendText(ByteBuffer.wrap(json), channel, null);
        }

        /** A text frame's bytes on the wire: the header, the mask key a client adds, the payload (RFC 6455 5.2). */
        static long frameBytes(long payload, boolean masked) {
            long header = 2 + (payload > 65_535 ? 8 : payload > 125 ? 2 : 0);
            return header + (masked ? 4 : 0) + payload;
        }

        @Override
        protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
            message.getData().free();
            close(channel, 1003, "binary frames are not accepted; send JSON as text");
        }

        @Override
        protected void onError(WebSocketChannel channel, Throwable error) {
            if (channel.isCloseFrameSent()) {
                // Undertow answers a message over getMaxTextBufferSize with its own close 1009 before it reports the
                // error here (BufferedTextMessage): the client has its code; let that frame leave, then cut.
                close(channel, 1009, "message larger than " + MAX_CLIENT_TEXT_BYTES + " bytes");
            } else {
                IoUtils.safeClose(channel);
            }
        }
    }
}
