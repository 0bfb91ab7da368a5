package deliverybench.driver;

import io.undertow.websockets.client.WebSocketClient;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoFuture;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.net.URI;

/** A device on one WebSocket: one handshake, then every message pushed as a text frame. */
final class WebSocketReceiver implements Receiver {

    private final ReceiverContext context;
    private final DeliveryLedger.Device device;
    private final String token;
    private final XnioIoThread thread;
    private final Reconnector<WebSocketChannel> reconnector;
    private volatile boolean slow;
    private volatile WebSocketChannel channel;

    WebSocketReceiver(ReceiverContext context, DeliveryLedger.Device device, String token) {
        this.context = context;
        this.device = device;
        this.token = token;
        this.thread = context.worker.getIoThread();
        this.reconnector = new Reconnector<>(context, thread, this::open, this::connected);
    }

    @Override
    public void start() {
        reconnector.start();
    }

    @Override
    public void drop() {
        reconnector.drop();
    }

    @Override
    public void slowDown() {
        slow = true;
    }

    @Override
    public void speedUp() {
        slow = false;
        thread.execute(() -> {
            if (channel != null && channel.isOpen()) {
                channel.resumeReceives();
            }
        });
    }

    @Override
    public void close() {
        reconnector.close(() -> { });
    }

    private IoFuture<WebSocketChannel> open() {
        URI uri = URI.create("ws://" + context.http.getHost() + ":" + context.http.getPort()
                + "/ws?after=" + device.resumeAfter() + (context.epochs ? "&epoch=" + device.epoch() : "") + "&token=" + token);
        WebSocketClient.ConnectionBuilder builder = WebSocketClient.connectionBuilder(context.worker, context.pool, uri);
        if (slow) {
            builder.setOptionMap(org.xnio.OptionMap.create(org.xnio.Options.RECEIVE_BUFFER, TcpReceiver.SLOW_RECEIVE_BUFFER_BYTES));
        }
        return builder.connect();
    }

    private void connected(WebSocketChannel result) {
        channel = result;
        Acker acker = new Acker(result.getIoThread(),
                seq -> WebSockets.sendText("{\"ack\":" + seq + "}", result, null));
        result.addCloseTask(ch -> {
            acker.stop();
            reconnector.disconnected();
        });
        result.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                try {
                    PollResponse.visitPushed(message.getData(), (seq, body) -> {
                        context.inbound.deliver(device, seq, body);
                        acker.received(seq);
                    }, device::epoch);
                    if (slow) {
                        // One message, then nothing for a second: the server's queue for us fills up.
                        ch.suspendReceives();
                        ch.getIoThread().executeAfter(() -> {
                            if (ch.isOpen()) {
                                ch.resumeReceives();
                            }
                        }, 1, java.util.concurrent.TimeUnit.SECONDS);
                    }
                } catch (IOException e) {
                    context.errors.increment();
                }
            }

            @Override
            protected void onCloseMessage(CloseMessage message, WebSocketChannel ch) {
                if (message.getCode() == 4410) {
                    // Retention dropped what this device missed, or a restart lost the inbox (a new epoch):
                    // resume from the oldest held, in the epoch the server named.
                    context.gone.increment();
                    device.gone(PollResponse.reasonField(message.getReason(), "oldest") - 1,
                            PollResponse.reasonField(message.getReason(), "epoch"));
                } else if (message.getCode() != CloseMessage.NORMAL_CLOSURE) {
                    context.errors.increment();
                }
            }
        });
        result.resumeReceives();
    }
}
