package deliverybench.strategy.tcp;

import deliverybench.client.ClientContext;
import deliverybench.client.Outbound;
import deliverybench.client.SendLink;
import deliverybench.protocol.FrameDecoder;
import deliverybench.protocol.FrameException;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The driver's sends over a raw TCP connection of their own: HELLO2, then SEND frames, answered SENT or SEND_FAILED. */
final class TcpSendLink implements SendLink {

    private final XnioIoThread thread;
    private final Listener listener;
    private StreamConnection connection;
    private Outbound outbound;
    private final FrameDecoder decoder = new FrameDecoder();

    TcpSendLink(ClientContext context, String token, Listener listener) {
        this.thread = context.worker().getIoThread();
        this.listener = listener;
        context.open(thread, context.address(TcpPush.LISTENER), OptionMap.create(Options.TCP_NODELAY, true))
                .addNotifier(new IoFuture.HandlingNotifier<StreamConnection, Void>() {
                    @Override
                    public void handleDone(StreamConnection result, Void attachment) {
                        connected(result, token);
                    }

                    @Override
                    public void handleFailed(IOException exception, Void attachment) {
                        thread.execute(() -> listener.closed(TcpSendLink.this));
                    }
                }, null);
    }

    private void connected(StreamConnection result, String token) {
        connection = result;
        outbound = new Outbound(result);
        result.setCloseListener(c -> listener.closed(this));
        result.getSourceChannel().setReadListener(ch -> onReadable());
        result.getSourceChannel().resumeReads();
        outbound.send(Frames.hello2(0, 0, token));
    }

    @Override
    public void send(long id, String to, String body) {
        outbound.send(Frames.send(id, to, body));
    }

    @Override
    public XnioIoThread thread() {
        return thread;
    }

    @Override
    public void close() {
        thread.execute(() -> IoUtils.safeClose(connection));
    }

    private void onReadable() {
        try {
            while (true) {
                int read = connection.getSourceChannel().read(decoder.readTarget());
                if (read < 0) {
                    IoUtils.safeClose(connection);
                    return;
                }
                if (read == 0) {
                    return;
                }
                decoder.decode(this::onFrame);
            }
        } catch (IOException | FrameException e) {
            IoUtils.safeClose(connection);
        }
    }

    private void onFrame(byte type, ByteBuffer payload) {
        switch (type) {
            case FrameType.WELCOME -> listener.opened(this);
            case FrameType.SENT -> {
                long id = Integer.toUnsignedLong(payload.getInt());
                listener.sent(id, payload.getLong());
            }
            case FrameType.SEND_FAILED -> {
                long id = Integer.toUnsignedLong(payload.getInt());
                int code = payload.getShort() & 0xffff;
                listener.refused(id, code, StandardCharsets.UTF_8.decode(payload).toString());
            }
            case FrameType.PING -> outbound.send(Frames.pong(payload.getLong()));
            case FrameType.ERROR -> IoUtils.safeClose(connection);
            default -> {
                // MSG for the sender's own inbox: not this link's business.
            }
        }
    }
}
