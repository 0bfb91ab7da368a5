package deliverybench.strategy.xmpp;

import deliverybench.auth.TokenVerifier;
import deliverybench.auth.UserIds;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** One XMPP client-to-server stream (the contract's subset); every method runs on the connection's I/O thread. */
final class XmppConnection implements PushTransport<XmppConnection.Stanza>, XmlStreamReader.Handler {

    /** The most bytes a client may send before SASL succeeds: two headers and an auth with the longest token. */
    static final int MAX_BYTES_BEFORE_AUTH = 8_192;
    private static final int READ_BYTES = 4_096;
    private static final int MAX_READS_PER_EVENT = 16;

    /** A pushed message as written, with the seq the stream-management count maps it to. */
    record Stanza(long seq, ByteBuffer bytes) {
    }

    private enum Phase { AUTH, BIND, BOUND, ACTIVE }

    // Marks where {@code </stream:stream>} came among the held elements.
    private static final XmlElement STREAM_END = XmlElement.of("/stream:stream", java.util.Map.of());

    private final StreamConnection connection;
    private final ConduitStreamSourceChannel source;
    private final MessageStore store;
    private final TokenVerifier verifier;
    private final ConnectionRegistry registry;
    private final StrategyCounters counters;
    private final PushLimits limits;
    private final ConnectionSends sends;
    private final HandshakeGuard handshakes;
    private final Resumes resumes;
    private final long authTimeoutMs;
    private final XmlStreamReader reader = new XmlStreamReader(this);
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BYTES);
    private final XmppOutput output;
    private Phase phase = Phase.AUTH;
    private long bytesBeforeAuth;
    private String user;
    private String resource;
    private StreamState state;
    private PushSession<Stanza> session;
    private boolean goneOnce;
    private XnioExecutor.Key authTimer;
    private boolean cleanEnd;
    private boolean headerSent;
    // Who owns this stream's record in the store; a resume elsewhere takes it over.
    private final String owner = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private XnioExecutor.Key refreshTimer;
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
        this.sends = new ConnectionSends(core);
        this.handshakes = core.handshakes();
        this.resumes = resumes;
        this.authTimeoutMs = core.config().connectionLimits().helloTimeoutMs();
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
        send(Xmpp.CLOSE);
        closeAfterWrite();
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
            case "iq" -> iq(element);
            case "message" -> message(element);
            case "presence" -> presence();
            case "enable" -> enable(element);
            case "resume" -> resume(element);
            case "r" -> requireSm().send(Xmpp.ack(state.handledH));
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
            refuseAuth(outcome.failure());
            return;
        }
        user = outcome.user();
        phase = Phase.BIND;
        send("<success xmlns='" + Xmpp.SASL + "'/>");
        reader.restart();
        // The restarted stream has no header of ours yet: a stream error before it needs one (RFC 6120 4.9.1.2).
        headerSent = false;
    }

    private void refuseAuth(String condition) {
        send("<failure xmlns='" + Xmpp.SASL + "'><" + condition + "/></failure>" + Xmpp.CLOSE);
        closeAfterWrite();
    }

    private void iq(XmlElement iq) throws XmlException {
        boolean[] entry = counted();
        String id = iq.attribute("id");
        String type = iq.attribute("type");
        XmlElement bind = iq.child("bind");
        if (phase == Phase.AUTH) {
            throw new XmlException("not-authorized", "authenticate first");
        }
        if ("set".equals(type) && bind != null && Xmpp.BIND.equals(bind.xmlns())) {
            bind(id, bind);
        } else if ("set".equals(type) && iq.child("session") != null) {
            sendStanza("<iq type='result'" + idAttribute(id) + "/>");
        } else if ("get".equals(type) || "set".equals(type)) {
            sendStanza("<iq type='error'" + idAttribute(id) + "><error type='cancel'><service-unavailable xmlns='"
                    + Xmpp.STANZAS + "'/></error></iq>");
        }
        handled(entry);
    }

    private void bind(String id, XmlElement bind) {
        XmlElement asked = bind.child("resource");
        String name = asked == null || asked.text().isEmpty()
                ? Long.toHexString(ThreadLocalRandom.current().nextLong()) : asked.text();
        if (phase != Phase.BIND || !UserIds.isValid(name)) {
            send("<iq type='error'" + idAttribute(id) + "><error type='modify'><" + (phase != Phase.BIND ? "not-allowed" : "bad-request")
                    + " xmlns='" + Xmpp.STANZAS + "'/><text xmlns='" + Xmpp.STANZAS + "'>one resource per stream, [A-Za-z0-9_-]{1,64}</text></error></iq>");
            return;
        }
        resource = name;
        phase = Phase.BOUND;
        send("<iq type='result'" + idAttribute(id) + "><bind xmlns='" + Xmpp.BIND + "'><jid>" + fullJid()
                + "</jid></bind></iq>");
    }

    private void presence() throws XmlException {
        boolean[] entry = counted();
        if (phase == Phase.BOUND) {
            // A client without stream management: its initial presence starts delivery, uncounted.
            phase = Phase.ACTIVE;
            startPush(0);
        }
        handled(entry);
    }

    private void enable(XmlElement enable) throws XmlException {
        if (phase != Phase.BOUND || !Xmpp.SM.equals(enable.xmlns())) {
            send("<failed xmlns='" + Xmpp.SM + "'><unexpected-request xmlns='" + Xmpp.STANZAS + "'/></failed>");
            return;
        }
        boolean resumable = "true".equals(enable.attribute("resume")) || "1".equals(enable.attribute("resume"));
        String id = resumable ? Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(System.nanoTime()) : null;
        state = new StreamState(id, user, resource, store.epoch(user), 0);
        send("<enabled xmlns='" + Xmpp.SM + "'" + (resumable ? " id='" + id + "' resume='true' max='"
                + Resumes.RESUME_SECONDS + "'" : "") + " epoch='" + state.epoch + "'/>");
        phase = Phase.ACTIVE;
        startRecord();
        startPush(0);
    }

    /** The stream is resumable: its record is written now, and again before it could expire. */
    private void startRecord() {
        if (state.id == null) {
            return;
        }
        saveRecord();
        refreshTimer = ioThread().executeAtInterval(() -> resumes.save(state, owner, false),
                Resumes.REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    /** Writes the record when the state changed in a way the client's h cannot tell. */
    private void saveRecord() {
        if (state != null && state.id != null && state.takeChanged()) {
            resumes.save(state, owner, false);
        }
    }

    /** Claims the stream's record (from any gateway), holding what the client sends next until it is known. */
    private void resume(XmlElement resume) {
        String previd = resume.attribute("previd");
        long h = Xmpp.number(resume.attribute("h"));
        if (phase != Phase.BIND || !Xmpp.SM.equals(resume.xmlns()) || previd == null) {
            resumeFailed(null);
            return;
        }
        held = new ArrayDeque<>();
        source.suspendReads();
        Async.on(ioThread(), resumes.claim(previd, user, owner), claimed -> resumed(claimed, h),
                error -> resumed(null, h));
    }

    private void resumed(StreamState claimed, long h) {
        ArrayDeque<XmlElement> waiting = held;
        held = null;
        if (!connection.isOpen() || output.closing()) {
            // Gone while the claim was under way: the stream stays resumable, now owned by this closed one.
            if (claimed != null) {
                resumes.save(claimed, owner, false);
            }
            return;
        }
        if (claimed == null || claimed.epoch != store.epoch(user) || !claimed.resume(h)) {
            resumeFailed(claimed);
        } else {
            state = claimed;
            resource = state.resource;
            phase = Phase.ACTIVE;
            send("<resumed xmlns='" + Xmpp.SM + "' previd='" + state.id + "' h='" + state.handledH + "' epoch='"
                    + state.epoch + "'/>");
            startRecord();
            startPush(state.ackedSeq);
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

    /** A stream that cannot resume starts over (bind and enable anew); a record claimed for it is no use now. */
    private void resumeFailed(StreamState claimed) {
        if (claimed != null) {
            resumes.remove(claimed, owner);
        }
        send("<failed xmlns='" + Xmpp.SM + "'><item-not-found xmlns='" + Xmpp.STANZAS + "'/></failed>");
    }

    private void ack(XmlElement a) throws XmlException {
        long h = Xmpp.number(a.attribute("h"));
        if (state == null) {
            throw new XmlException("unsupported-stanza-type", "<a/> before stream management is enabled");
        }
        if (!state.acked(h)) {
            throw new XmlException("undefined-condition", "h='" + a.attribute("h") + "' is not between "
                    + state.ackedH + " and the " + state.sentH + " stanzas sent");
        }
        if (session != null) {
            session.acked(state.ackedSeq);
        }
    }

    private XmppConnection requireSm() throws XmlException {
        if (state == null) {
            throw new XmlException("unsupported-stanza-type", "<r/> before stream management is enabled");
        }
        return this;
    }

    /** A send: {@code <message to='user@deliverybench'><body>…</body></message>}, answered by the count or an error. */
    private void message(XmlElement message) throws XmlException {
        boolean[] entry = counted();
        if (phase != Phase.BOUND && phase != Phase.ACTIVE) {
            throw new XmlException("not-authorized", "bind a resource before sending");
        }
        String id = message.attribute("id");
        String to = message.attribute("to");
        XmlElement body = message.child("body");
        long inBytes = reader.lastElementBytes();
        ConnectionSends.Reply reply = new ConnectionSends.Reply() {
            @Override
            public void sent(long ignored, long seq) {
                handled(entry);
                String ack = state == null ? "" : Xmpp.sendAck(state.handledH, id, seq);
                sends.rebook(counters, inBytes, Xmpp.utf8Length(ack));
                if (state != null) {
                    send(ack);
                }
            }

            @Override
            public void refused(long ignored, int status, String error) {
                String refusal = Xmpp.messageError(id, to, status, error);
                sends.rebook(counters, inBytes, Xmpp.utf8Length(refusal));
                sendStanza(refusal);
                handled(entry);
            }
        };
        String recipient = bareUser(to);
        if (recipient == null || body == null) {
            sends.countRefused();
            reply.refused(0, 400, recipient == null ? "'to' must be <user>@" + Xmpp.DOMAIN : "a message needs a <body>");
            return;
        }
        sends.send(ioThread(), user, 0, recipient, body.text(), reply);
    }

    private static String bareUser(String jid) {
        if (jid == null) {
            return null;
        }
        int slash = jid.indexOf('/');
        String bare = slash < 0 ? jid : jid.substring(0, slash);
        int at = bare.indexOf('@');
        return at > 0 && bare.substring(at + 1).equals(Xmpp.DOMAIN) ? bare.substring(0, at) : null;
    }

    /** Counts a stanza from the client (after enable); null without stream management. */
    private boolean[] counted() {
        return state == null ? null : state.counted();
    }

    /** A counted stanza is handled: the count moves over every handled one at the head. */
    private void handled(boolean[] entry) {
        if (state != null) {
            state.handled(entry);
            saveRecord();
        }
    }

    private String fullJid() {
        return user + "@" + Xmpp.DOMAIN + "/" + resource;
    }

    private static String idAttribute(String id) {
        return id == null ? "" : " id='" + Xmpp.escape(id) + "'";
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
        if (state != null) {
            state.sent(encoded.seq());
            saveRecord();
        }
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
        if (state != null) {
            state.ackedSeq = oldestSeq - 1;
        }
        startPush(oldestSeq - 1);
    }

    private void sendStanza(String xml) {
        if (state != null) {
            state.sent(0);
            saveRecord();
        }
        send(xml);
    }

    private void send(String xml) {
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
        closeAfterWrite();
    }

    private void closeAfterWrite() {
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
        if (refreshTimer != null) {
            refreshTimer.remove();
        }
        if (state != null && state.id != null) {
            // Owned still, the record becomes exact (sentH known); claimed by a resume elsewhere, it is left alone.
            if (cleanEnd) {
                resumes.remove(state, owner);
            } else {
                resumes.save(state, owner, true);
            }
        }
        output.clear();
    }
}
