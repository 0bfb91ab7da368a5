package deliverybench.strategy.tcp;

import deliverybench.client.Acker;
import deliverybench.client.ClientContext;
import deliverybench.client.Outbound;
import deliverybench.client.PushReceiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.WireJson;
import deliverybench.client.heartbeat.Heartbeat;

import deliverybench.protocol.FrameDecoder;
import deliverybench.protocol.FrameException;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.ssl.SslConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A device on the raw TCP protocol: HELLO, WELCOME, then MSG frames; a small NIO client on the shared worker. */
final class TcpReceiver extends PushReceiver<StreamConnection> {

    private StreamConnection connection;
    private Outbound outbound;
    private FrameDecoder decoder;
    private Acker acker;
    private Heartbeat heartbeat;
    private long pingNonce;

    TcpReceiver(ClientContext context, ReceivingDevice device, String token) {
        super(context, device, token);
    }

    @Override
    protected IoFuture<StreamConnection> open() {
        return context.open(thread, context.address(TcpPush.LISTENER), socketOptions());
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
        decoder = new FrameDecoder();
        outbound = new Outbound(result);
        acker = new Acker(thread, seq -> send(Frames.ack(seq)));
        Acker closing = acker;
        Heartbeat beating = heartbeat(() -> send(Frames.ping(++pingNonce)));
        heartbeat = beating;
        result.setCloseListener(c -> {
            closing.stop();
            if (beating != null) {
                beating.stop();
            }
            reconnector.disconnected();
        });
        result.getSourceChannel().setReadListener(ch -> onReadable());
        result.getSourceChannel().resumeReads();
        send(context.epochs() ? Frames.hello2(device.resumeAfter(), device.epoch(), token)
                : Frames.hello(device.resumeAfter(), token));
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
                int room = target.remaining();
                int read = connection.getSourceChannel().read(target);
                target.limit(limit);
                if (read < 0) {
                    IoUtils.safeClose(connection);
                    return;
                }
                if (read == 0) {
                    return;
                }
                decoder.decode(this::onFrame);
                if (slow()) {
                    StreamConnection current = connection;
                    current.getSourceChannel().suspendReads();
                    thread.executeAfter(() -> {
                        if (current.isOpen()) {
                            current.getSourceChannel().resumeReads();
                        }
                    }, 1, java.util.concurrent.TimeUnit.SECONDS);
                    return;
                }
                if (read < room && !(connection instanceof SslConnection)) {
                    // The socket gave less than there was room for: it is drained, and the level-triggered selector
                    // calls again when more comes, which spares a read that finds nothing. Not under TLS, whose
                    // conduit may hold decrypted bytes that no selector sees.
                    return;
                }
            }
        } catch (IOException | FrameException e) {
            context.countError();
            IoUtils.safeClose(connection);
        }
    }

    private void onFrame(byte type, ByteBuffer payload) {
        switch (type) {
            case FrameType.MSG -> {
                long seq = payload.getLong();
                int fromLength = payload.getShort() & 0xffff;
                payload.position(payload.position() + fromLength);
                device.deliver(seq, text(payload));
                acker.received(seq);
            }
            case FrameType.PING -> send(Frames.pong(payload.getLong()));
            case FrameType.ERROR -> {
                int code = payload.getShort() & 0xffff;
                if (code == 410) {
                    context.countGone();
                    String text = StandardCharsets.UTF_8.decode(payload).toString();
                    device.gone(WireJson.reasonField(text, "oldest") - 1, WireJson.reasonField(text, "epoch"));
                } else {
                    context.countError();
                }
            }
            case FrameType.WELCOME -> {
                payload.getLong();
                if (payload.remaining() >= 8) {
                    device.epoch(payload.getLong());
                }
            }
            case FrameType.PONG -> {
                if (heartbeat != null && payload.getLong() == pingNonce) {
                    heartbeat.answered();
                }
            }
            default -> {
                // Nothing else is expected here.
            }
        }
    }

    /** The rest of a frame as text, decoded from the decoder's array where it has one. */
    private static String text(ByteBuffer payload) {
        if (payload.hasArray()) {
            String text = new String(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining(),
                    StandardCharsets.UTF_8);
            payload.position(payload.limit());
            return text;
        }
        return StandardCharsets.UTF_8.decode(payload).toString();
    }

    private void send(ByteBuffer frame) {
        outbound.send(frame);
    }
}
