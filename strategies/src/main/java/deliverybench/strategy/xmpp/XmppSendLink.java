package deliverybench.strategy.xmpp;

import deliverybench.client.ClientContext;
import deliverybench.client.LinkConnection;
import deliverybench.client.SendLink;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The driver's sends over an XMPP stream of their own: the pipelined login, a bound resource and stream
 * management, then a {@code <message to=…/>} per send, answered by the {@code <a id seq/>} that follows
 * its storing or by a {@code <message type='error'>} with its id.
 */
final class XmppSendLink implements SendLink, LinkConnection.Events, XmlStreamReader.Handler {

    private static final int READ_BYTES = 16_384;

    private final String token;
    private final Listener listener;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BYTES);
    private final XmlStreamReader reader = new XmlStreamReader(this);
    private final LinkConnection connection;
    // Stanzas the server sent since enable (messages to our own inbox included): our h for <r/>.
    private long handled;

    XmppSendLink(ClientContext context, String token, Listener listener) {
        this.token = token;
        this.listener = listener;
        this.connection = new LinkConnection(context, XmppPush.LISTENER);
        connection.open(this);
    }

    @Override
    public void connected() {
        String resource = "send-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        connection.send(Xmpp.bytes(Xmpp.login(token) + Xmpp.bindAndEnable(resource, false)));
    }

    @Override
    public void send(long id, String to, String body) {
        connection.send(Xmpp.bytes("<message to='" + Xmpp.escape(to) + "@" + Xmpp.DOMAIN + "' id='" + id
                + "' type='chat'><body>" + Xmpp.escape(body) + "</body></message>"));
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
            while (true) {
                readBuffer.clear();
                if (connection.read(readBuffer) <= 0) {
                    return;
                }
                readBuffer.flip();
                reader.feed(readBuffer);
            }
        } catch (IOException | XmlException e) {
            connection.close();
        }
    }

    @Override
    public void streamOpened(XmlElement header) {
        // Pipelined: nothing to answer.
    }

    @Override
    public void streamClosed() {
        connection.close();
    }

    @Override
    public void element(XmlElement element) {
        switch (element.name()) {
            case "success" -> reader.restart();
            case "enabled" -> {
                handled = 0;
                listener.opened(this);
            }
            case "a" -> {
                long id = Xmpp.number(element.attribute("id"));
                long seq = Xmpp.number(element.attribute("seq"));
                if (id > 0 && seq > 0) {
                    listener.sent(id, seq);
                }
            }
            case "message" -> message(element);
            case "r" -> connection.send(Xmpp.bytes(Xmpp.ack(handled)));
            case "failure", "failed", "stream:error" -> connection.close();
            default -> handled += element.name().equals("iq") || element.name().equals("presence") ? 1 : 0;
        }
    }

    private void message(XmlElement message) {
        handled++;
        long id = Xmpp.number(message.attribute("id"));
        XmlElement error = message.child("error");
        if (!"error".equals(message.attribute("type")) || error == null || id < 1) {
            // A message to the sender's own inbox: not this link's business.
            return;
        }
        XmlElement text = error.child("text");
        String reason = text == null ? "" : text.text();
        int space = reason.indexOf(' ');
        long status = Xmpp.number(space > 0 ? reason.substring(0, space) : reason);
        listener.refused(id, status > 0 ? (int) status : 400, reason);
    }
}
