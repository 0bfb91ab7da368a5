package deliverybench.strategy.websocket;

import deliverybench.client.Acker;
import deliverybench.client.ClientContext;
import deliverybench.client.PushReceiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.WireJson;
import deliverybench.client.heartbeat.Heartbeat;

import io.undertow.websockets.client.WebSocketClient;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoFuture;

import java.io.IOException;
import java.net.URI;

/** A device on one WebSocket: one handshake, then every message pushed as a text frame. */
final class WebSocketReceiver extends PushReceiver<WebSocketChannel> {

    private volatile WebSocketChannel channel;

    WebSocketReceiver(ClientContext context, ReceivingDevice device, String token) {
        super(context, device, token);
    }

    @Override
    protected void resumeReading() {
        if (channel != null && channel.isOpen()) {
            channel.resumeReceives();
        }
    }

    @Override
    protected IoFuture<WebSocketChannel> open() {
        URI uri = URI.create(context.webSocketBase()
                + "/ws?after=" + device.resumeAfter() + context.epochParameter(device) + "&token=" + token);
        WebSocketClient.ConnectionBuilder builder = WebSocketClient.connectionBuilder(context.worker(), context.pool(), uri);
        org.xnio.OptionMap options = slow()
                ? org.xnio.OptionMap.create(org.xnio.Options.RECEIVE_BUFFER, SLOW_RECEIVE_BUFFER_BYTES) : org.xnio.OptionMap.EMPTY;
        if (context.tls() != null) {
            context.tls().over(builder, options);
        } else if (slow()) {
            builder.setOptionMap(options);
        }
        return builder.connect();
    }

    @Override
    protected void connected(WebSocketChannel result) {
        channel = result;
        Acker acker = new Acker(result.getIoThread(),
                seq -> WebSockets.sendText("{\"ack\":" + seq + "}", result, null));
        Heartbeat heartbeat = heartbeat(() -> WebSockets.sendPing(java.nio.ByteBuffer.allocate(0), result, null));
        result.addCloseTask(ch -> {
            acker.stop();
            if (heartbeat != null) {
                heartbeat.stop();
            }
            reconnector.disconnected();
        });
        result.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                try {
                    WireJson.visitPushed(message.getData(), (seq, body) -> {
                        device.deliver(seq, body);
                        acker.received(seq);
                    }, device::epoch);
                    if (slow()) {
                        // One message, then nothing for a second: the server's queue for us fills up.
                        ch.suspendReceives();
                        ch.getIoThread().executeAfter(() -> {
                            if (ch.isOpen()) {
                                ch.resumeReceives();
                            }
                        }, 1, java.util.concurrent.TimeUnit.SECONDS);
                    }
                } catch (IOException e) {
                    context.countError();
                }
            }

            @Override
            protected void onFullPongMessage(WebSocketChannel ch, BufferedBinaryMessage message) throws IOException {
                super.onFullPongMessage(ch, message);
                if (heartbeat != null) {
                    heartbeat.answered();
                }
            }

            @Override
            protected void onCloseMessage(CloseMessage message, WebSocketChannel ch) {
                if (message.getCode() == 4410) {
                    // Retention dropped what this device missed, or a restart lost the inbox (a new epoch):
                    // resume from the oldest held, in the epoch the server named.
                    context.countGone();
                    device.gone(WireJson.reasonField(message.getReason(), "oldest") - 1,
                            WireJson.reasonField(message.getReason(), "epoch"));
                } else if (message.getCode() != CloseMessage.NORMAL_CLOSURE && message.getCode() != CloseMessage.GOING_AWAY) {
                    // 1001 is a lost connection, not a refusal: Undertow reports one when the socket ends
                    // without a close frame (our own drop, seen over TLS). The close task reconnects.
                    context.countError();
                }
            }
        });
        result.resumeReceives();
    }
}
