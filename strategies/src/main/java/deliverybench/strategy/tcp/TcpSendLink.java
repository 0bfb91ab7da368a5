package deliverybench.strategy.tcp;

import deliverybench.client.ClientContext;
import deliverybench.client.LinkConnection;
import deliverybench.client.SendLink;
import deliverybench.protocol.FrameDecoder;
import deliverybench.protocol.FrameException;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The driver's sends over a raw TCP connection of their own: HELLO2, then SEND frames, answered SENT or SEND_FAILED. */
final class TcpSendLink implements SendLink, LinkConnection.Events {

    private final String token;
    private final Listener listener;
    private final LinkConnection connection;
    private final FrameDecoder decoder = new FrameDecoder();

    TcpSendLink(ClientContext context, String token, Listener listener) {
        this.token = token;
        this.listener = listener;
        this.connection = new LinkConnection(context, TcpPush.LISTENER);
        connection.open(this);
    }

    @Override
    public void connected() {
        connection.send(Frames.hello2(0, 0, token));
    }

    @Override
    public void send(long id, String to, String body) {
        connection.send(Frames.send(id, to, body));
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
    public void closed() {
        listener.closed(this);
    }

    @Override
    public void readable() {
        try {
            while (connection.read(decoder.readTarget()) > 0) {
                decoder.decode(this::onFrame);
            }
        } catch (IOException | FrameException e) {
            connection.close();
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
            case FrameType.PING -> connection.send(Frames.pong(payload.getLong()));
            case FrameType.ERROR -> connection.close();
            default -> {
                // MSG for the sender's own inbox: not this link's business.
            }
        }
    }
}
