package deliverybench.strategy.xmpp;

import deliverybench.client.Acker;
import deliverybench.client.ClientContext;
import deliverybench.client.Outbound;
import deliverybench.client.PushReceiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.heartbeat.Heartbeat;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A device on XMPP: opens a stream, SASL PLAIN, binds its resource, enables stream management, acks
 * with {@code <a h/>} the way {@link Acker} paces the others, and resumes its stream after a reconnect.
 * The handshake is pipelined (as XEP-0305 allows a client that knows the server's features): all of it
 * in the first write, so it costs one round trip, not five, inside the server's hello timeout.
 */
final class XmppReceiver extends PushReceiver<StreamConnection> implements XmlStreamReader.Handler {

    private final String resource;
    private StreamConnection connection;
    private Outbound outbound;
    private XmlStreamReader reader;
    private Acker acker;
    private Heartbeat heartbeat;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(16_384);
    // Stream management: the id to resume, and the stanzas handled on this stream (h).
    private String previd;
    private long handled;

    XmppReceiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        super(context, device, token);
        this.resource = "d" + Long.toHexString(seed & 0xffffffffL);
    }

    @Override
    protected IoFuture<StreamConnection> open() {
        return context.open(thread, context.address(XmppPush.LISTENER), socketOptions());
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
        reader = new XmlStreamReader(this);
        outbound = new Outbound(result);
        acker = new Acker(thread, seq -> send(Xmpp.ack(handled)));
        Acker closing = acker;
        heartbeat = null;
        result.setCloseListener(c -> {
            closing.stop();
            if (heartbeat != null) {
                heartbeat.stop();
                heartbeat = null;
            }
            reconnector.disconnected();
        });
        result.getSourceChannel().setReadListener(ch -> onReadable());
        result.getSourceChannel().resumeReads();
        // Lock-step, five round trips each queued behind every other device's on a loaded server took
        // over the 5 s hello timeout at 2,000 devices; pipelined, one. The server reads them in order.
        send(Xmpp.login(token) + (previd != null
                ? "<resume xmlns='" + Xmpp.SM + "' previd='" + previd + "' h='" + handled + "'/>"
                : Xmpp.bindAndEnable(resource, true)));
    }

    private void onReadable() {
        try {
            while (true) {
                readBuffer.clear();
                if (slow()) {
                    readBuffer.limit(1_024);
                }
                int read = connection.getSourceChannel().read(readBuffer);
                if (read < 0) {
                    IoUtils.safeClose(connection);
                    return;
                }
                if (read == 0) {
                    return;
                }
                readBuffer.flip();
                reader.feed(readBuffer);
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
            }
        } catch (IOException | XmlException e) {
            context.countError();
            IoUtils.safeClose(connection);
        }
    }

    @Override
    public void streamOpened(XmlElement header) {
        // The features that follow say what to do next.
    }

    @Override
    public void streamClosed() {
        IoUtils.safeClose(connection);
    }

    @Override
    public void element(XmlElement element) {
        switch (element.name()) {
            case "stream:features" -> {
                // Pipelined: what the features ask for was sent already.
            }
            case "success" -> reader.restart();
            case "failure", "stream:error" -> {
                context.countError();
                IoUtils.safeClose(connection);
            }
            case "iq" -> handled += "bind-1".equals(element.attribute("id")) ? 0 : 1;
            case "enabled" -> {
                previd = element.attribute("id");
                handled = 0;
                epoch(element);
                startHeartbeat();
            }
            case "resumed" -> {
                epoch(element);
                startHeartbeat();
            }
            case "failed" -> {
                // The stream cannot be resumed: start over with a new one (the rules of 410).
                previd = null;
                send(Xmpp.bindAndEnable(resource, true));
            }
            case "message" -> message(element);
            case "r" -> send(Xmpp.ack(handled));
            case "a" -> {
                if (heartbeat != null) {
                    heartbeat.answered();
                }
            }
            default -> handled += element.name().equals("presence") ? 1 : 0;
        }
    }

    /** Once stream management is on (the server refuses {@code <r/>} before): XEP-0198's request, answered by {@code <a h/>}. */
    private void startHeartbeat() {
        if (heartbeat == null) {
            heartbeat = heartbeat(() -> send("<r xmlns='" + Xmpp.SM + "'/>"));
        }
    }

    private void epoch(XmlElement element) {
        long serverEpoch = Xmpp.number(element.attribute("epoch"));
        if (serverEpoch > 0) {
            if (device.epoch() != 0 && device.epoch() != serverEpoch) {
                context.countGone();
                device.gone(0, serverEpoch);
            } else {
                device.epoch(serverEpoch);
            }
        }
    }

    private void message(XmlElement message) {
        handled++;
        long seq = Xmpp.number(message.attribute("id"));
        XmlElement body = message.child("body");
        if (seq > device.resumeAfter() && body != null) {
            device.deliver(seq, body.text());
        } else if (seq > 0) {
            // A stream that started over sends again what this device already has: kept once, counted.
            context.countResent();
        }
        acker.received(seq);
    }

    private void send(String xml) {
        outbound.send(Xmpp.bytes(xml));
    }
}
