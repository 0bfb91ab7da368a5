package deliverybench.strategy.xmpp;

import deliverybench.auth.TokenVerifier;
import deliverybench.core.Async;
import deliverybench.core.ServerCore;
import deliverybench.core.limits.HandshakeGuard;
import deliverybench.core.limits.PushLimits;
import deliverybench.core.push.ConnectionRegistry;
import deliverybench.core.push.ConnectionSends;
import deliverybench.core.push.PushSession;
import deliverybench.core.push.PushTransport;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.store.Message;
import deliverybench.store.MessageStore;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One XMPP client-to-server stream (the contract's subset): its state machine (SASL, bind, then delivery,
 * with or without {@link StreamManagement}) and its push; the stanzas it answers are {@link XmppStanzas}',
 * its writes {@link XmppOutput}'s. Every method runs on the connection's I/O thread.
 */
final class XmppConnection implements PushTransport<XmppConnection.Stanza>, XmlStreamReader.Handler {

    /** The most bytes a client may send before SASL succeeds: two headers and an auth with the longest token. */
    static final int MAX_BYTES_BEFORE_AUTH = 8_192;
    private static final int READ_BYTES = 4_096;
    private static final int MAX_READS_PER_EVENT = 16;

    /** A pushed message as written, with the seq the stream-management count maps it to. */
    record Stanza(long seq, ByteBuffer bytes) {
    }

    enum Phase { AUTH, BIND, BOUND, ACTIVE }

    // Marks where {@code </stream:stream>} came among the held elements.
    private static final XmlElement STREAM_END = XmlElement.of("/stream:stream", Map.of());

    private final StreamConnection connection;
    private final ConduitStreamSourceChannel source;
    private final MessageStore store;
    private final TokenVerifier verifier;
    private final ConnectionRegistry registry;
    private final StrategyCounters counters;
    private final PushLimits limits;
    private final HandshakeGuard handshakes;
    private final long authTimeoutMs;
    private final XmlStreamReader reader = new XmlStreamReader(this);
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BYTES);
    private final XmppOutput output;
    private final StreamManagement sm;
    private final XmppStanzas stanzas;
    private Phase phase = Phase.AUTH;
    private long bytesBeforeAuth;
    private String user;
    private String resource;
    private PushSession<Stanza> session;
    private boolean goneOnce;
    private XnioExecutor.Key authTimer;
    private boolean cleanEnd;
    private boolean headerSent;
    // While a resume's record is being claimed, what the client sent after it waits here, in order.
    private ArrayDeque<XmlElement> held;

    XmppConnection(StreamConnection connection, ServerCore core, StrategyCounters counters, Resumes resumes) {
        this.connection = connection;
        this.source = connection.getSourceChannel();
        this.output = new XmppOutput(connection, counters);
        this.store = core.store();
        this.verifier = core.verifier();
        this.registry = core.registry();
        this.counters = counters;
        this.limits = core.pushLimits();
        this.handshakes = core.handshakes();
        this.authTimeoutMs = core.config().connectionLimits().helloTimeoutMs();
        this.sm = new StreamManagement(resumes, connection.getIoThread());
        this.stanzas = new XmppStanzas(this, sm, new ConnectionSends(core), counters);
    }

    void start() {
        counters.openConnections.incrementAndGet();
        connection.setCloseListener(c -> closed());
        source.setReadListener(ch -> onReadable());
        if (!handshakes.admit(connection)) {
            IoUtils.safeClose(connection);
            return;
        }
        authTimer = ioThread().executeAfter(() -> fail("connection-timeout",
                "no bound resource within " + authTimeoutMs + " ms"), authTimeoutMs, TimeUnit.MILLISECONDS);
        source.resumeReads();
    }

    private void onReadable() {
        try {
            for (int i = 0; i < MAX_READS_PER_EVENT && !output.closing() && held == null; i++) {
                readBuffer.clear();
                if (phase == Phase.AUTH) {
                    // Before SASL no more than the bound is even read.
                    readBuffer.limit((int) Math.min(READ_BYTES, MAX_BYTES_BEFORE_AUTH + 1 - bytesBeforeAuth));
                }
                int read = source.read(readBuffer);
                if (read < 0) {
                    IoUtils.safeClose(connection);
                    return;
                }
                if (read == 0) {
                    return;
                }
                counters.bytesIn.add(read);
                if (phase == Phase.AUTH && (bytesBeforeAuth += read) > MAX_BYTES_BEFORE_AUTH) {
                    fail("policy-violation", "over " + MAX_BYTES_BEFORE_AUTH + " bytes before authentication");
                    return;
                }
                readBuffer.flip();
                reader.feed(readBuffer);
            }
        } catch (XmlException e) {
            fail(e.condition(), e.getMessage());
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
    }

    @Override
    public void streamOpened(XmlElement header) throws XmlException {
        if (!Xmpp.STREAMS.equals(header.attribute("xmlns:stream"))) {
            throw new XmlException("invalid-namespace", "the stream prefix must be bound to " + Xmpp.STREAMS);
        }
        if (!Xmpp.CLIENT.equals(header.xmlns())) {
            throw new XmlException("invalid-namespace", "the content namespace must be " + Xmpp.CLIENT);
        }
        String to = header.attribute("to");
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        send(Xmpp.serverHeader(id));
        headerSent = true;
        if (to != null && !to.equals(Xmpp.DOMAIN)) {
            throw new XmlException("host-unknown", "this server is " + Xmpp.DOMAIN);
        }
        send(phase == Phase.AUTH
                ? "<stream:features><mechanisms xmlns='" + Xmpp.SASL + "'><mechanism>PLAIN</mechanism></mechanisms></stream:features>"
                : "<stream:features><bind xmlns='" + Xmpp.BIND + "'/><sm xmlns='" + Xmpp.SM + "'/></stream:features>");
    }

    @Override
    public void streamClosed() {
        if (held != null) {
            held.add(STREAM_END);
            return;
        }
        cleanEnd = true;
        sm.ended();
        send(Xmpp.CLOSE);
        output.closeAfterWrite();
    }

    @Override
    public void element(XmlElement element) throws XmlException {
        if (output.closing()) {
            return;
        }
        if (held != null) {
            held.add(element);
            return;
        }
        switch (element.name()) {
            case "auth" -> auth(element);
            case "iq" -> stanzas.iq(element);
            case "message" -> stanzas.message(element, reader.lastElementBytes());
            case "presence" -> presence();
            case "enable" -> enable(element);
            case "resume" -> resume(element);
            case "r" -> send(sm.requested());
            case "a" -> ack(element);
            default -> throw new XmlException("unsupported-stanza-type", "<" + element.name() + "> is not in the subset");
        }
    }

    private void auth(XmlElement auth) throws XmlException {
        if (phase != Phase.AUTH || !Xmpp.SASL.equals(auth.xmlns())) {
            throw new XmlException("policy-violation", "<auth> only once, before anything else, in " + Xmpp.SASL);
        }
        SaslPlain.Outcome outcome = SaslPlain.check(auth.attribute("mechanism"), auth.text(), verifier);
        if (outcome.user() == null) {
            send("<failure xmlns='" + Xmpp.SASL + "'><" + outcome.failure() + "/></failure>" + Xmpp.CLOSE);
            output.closeAfterWrite();
            return;
        }
        user = outcome.user();
        phase = Phase.BIND;
        send("<success xmlns='" + Xmpp.SASL + "'/>");
        reader.restart();
        // The restarted stream has no header of ours yet: a stream error before it needs one (RFC 6120 4.9.1.2).
        headerSent = false;
    }

    private void presence() throws XmlException {
        boolean[] entry = sm.counted();
        if (phase == Phase.BOUND) {
            // A client without stream management: its initial presence starts delivery, uncounted.
            phase = Phase.ACTIVE;
            startPush(0);
        }
        sm.handled(entry);
    }

    private void enable(XmlElement enable) {
        if (phase != Phase.BOUND || !Xmpp.SM.equals(enable.xmlns())) {
            send("<failed xmlns='" + Xmpp.SM + "'><unexpected-request xmlns='" + Xmpp.STANZAS + "'/></failed>");
            return;
        }
        boolean resumable = "true".equals(enable.attribute("resume")) || "1".equals(enable.attribute("resume"));
        send(sm.enable(resumable, user, resource, store.epoch(user)));
        phase = Phase.ACTIVE;
        sm.startRecord();
        startPush(0);
    }

    /** Claims the stream's record (from any gateway), holding what the client sends next until it is known. */
    private void resume(XmlElement resume) {
        String previd = resume.attribute("previd");
        long h = Xmpp.number(resume.attribute("h"));
        if (phase != Phase.BIND || !Xmpp.SM.equals(resume.xmlns()) || previd == null) {
            send(sm.resumeFailed(null));
            return;
        }
        held = new ArrayDeque<>();
        source.suspendReads();
        Async.on(ioThread(), sm.claim(previd, user), claimed -> resumed(claimed, h), error -> resumed(null, h));
    }

    private void resumed(StreamState claimed, long h) {
        ArrayDeque<XmlElement> waiting = held;
        held = null;
        if (!connection.isOpen() || output.closing()) {
            sm.keepClaimed(claimed);
            return;
        }
        if (claimed == null || claimed.epoch != store.epoch(user) || !claimed.resume(h)) {
            send(sm.resumeFailed(claimed));
        } else {
            send(sm.resumed(claimed));
            resource = claimed.resource;
            phase = Phase.ACTIVE;
            sm.startRecord();
            startPush(claimed.ackedSeq);
        }
        try {
            for (XmlElement element : waiting) {
                if (element == STREAM_END) {
                    streamClosed();
                } else {
                    element(element);
                }
            }
        } catch (XmlException e) {
            fail(e.condition(), e.getMessage());
            return;
        }
        if (!output.closing()) {
            // Not read here: a claim the store answered at once lands inside the reader's feed.
            source.resumeReads();
            ioThread().execute(this::onReadable);
        }
    }

    private void ack(XmlElement a) throws XmlException {
        long ackedSeq = sm.acked(a);
        if (session != null) {
            session.acked(ackedSeq);
        }
    }

    private void startPush(long after) {
        if (authTimer != null) {
            authTimer.remove();
        }
        handshakes.finished(connection);
        PushSession<Stanza> candidate = new PushSession<>(store, user, this, limits, counters);
        if (!registry.add(candidate)) {
            fail("policy-violation", "too many devices: at most " + registry.maxDevices() + " connections per user");
            return;
        }
        counters.requests.increment();
        session = candidate;
        session.start(after);
    }

    Phase phase() {
        return phase;
    }

    String user() {
        return user;
    }

    /** The resource is bound: the stream may enable stream management, resume, or start delivery. */
    void bound(String name) {
        resource = name;
        phase = Phase.BOUND;
    }

    String fullJid() {
        return user + "@" + Xmpp.DOMAIN + "/" + resource;
    }

    @Override
    public XnioIoThread ioThread() {
        return connection.getIoThread();
    }

    @Override
    public Stanza encode(Message message) {
        return new Stanza(message.seq(), Xmpp.bytes(Xmpp.message(message.from(), fullJid(), message.seq(), message.body())));
    }

    @Override
    public int size(Stanza encoded) {
        return encoded.bytes().remaining();
    }

    @Override
    public void write(Stanza encoded, Runnable done) {
        sm.sent(encoded.seq());
        output.queue(encoded.bytes().duplicate(), done);
    }

    @Override
    public void closeOverflow(String reason) {
        fail("resource-constraint", reason);
    }

    /** The rules of 410: delivery starts over at the oldest message kept (the client sees the gap in the ids). */
    @Override
    public void closeGone(long oldestSeq) {
        registry.remove(session);
        if (goneOnce || oldestSeq < 1) {
            fail("undefined-condition", "gone: oldest=" + oldestSeq + " epoch=" + store.epoch(user));
            return;
        }
        goneOnce = true;
        sm.restartAfter(oldestSeq - 1);
        startPush(oldestSeq - 1);
    }

    void send(String xml) {
        output.send(xml);
    }

    /** Closes the stream with a stream error (RFC 6120 4.9): at once when written, or after a grace period. */
    private void fail(String condition, String text) {
        if (output.closing()) {
            return;
        }
        if (session != null) {
            session.stop();
        }
        if (!headerSent) {
            send(Xmpp.serverHeader("0"));
        }
        send(Xmpp.streamError(condition, text));
        output.closeAfterWrite();
    }

    private void closed() {
        counters.openConnections.decrementAndGet();
        handshakes.finished(connection);
        if (authTimer != null) {
            authTimer.remove();
        }
        if (session != null) {
            session.stop();
            registry.remove(session);
        }
        sm.closed(cleanEnd);
        output.clear();
    }
}
