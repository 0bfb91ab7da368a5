package deliverybench.strategy.tcp;

import deliverybench.auth.AuthException;
import deliverybench.auth.TokenVerifier;
import deliverybench.core.Async;
import deliverybench.core.PollQuery;
import deliverybench.core.ServerCore;
import deliverybench.core.limits.HandshakeGuard;
import deliverybench.core.push.ConnectionRegistry;
import deliverybench.core.push.ConnectionSends;
import deliverybench.core.push.PushSession;
import deliverybench.core.push.PushTransport;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.io.GatheringWriter;
import deliverybench.protocol.EncodedOnce;
import deliverybench.protocol.FrameDecoder;
import deliverybench.protocol.FrameException;
import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;
import deliverybench.store.Message;
import deliverybench.store.MessageStore;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/** One raw TCP push connection: HELLO, WELCOME, then MSG frames; every method runs on the connection's I/O thread. */
final class TcpConnection implements PushTransport<TcpConnection.MsgFrame> {

    /** The longest frame taken before HELLO: HELLO2's two u64 and the longest token looked at. */
    static final int MAX_HELLO_FRAME = 1 + 16 + TokenVerifier.MAX_TOKEN_CHARS;
    private static final long CLOSE_GRACE_MS = 1_000;
    private static final int MAX_READS_PER_EVENT = 16;
    // A message's sender and body as every copy's MSG frame ends, encoded once per message (issue 25: fan-out).
    private static final EncodedOnce<ByteBuffer> MSG_TAILS = new EncodedOnce<>(Frames::msgTail);

    /** One copy's MSG frame: its own 13-byte head, then its view of the bytes all copies of the message share. */
    record MsgFrame(ByteBuffer head, ByteBuffer tail) {
    }

    // What every connection shares is reached through the core, not copied into each (the store, verifier, registry,
    // limits, guard and timeout were 32 bytes of every connection, and a ConnectionSends of its own 16 more).
    private final StreamConnection connection;
    private final ServerCore core;
    private final StrategyCounters counters;
    private final ConnectionSends sends;
    private final FrameDecoder decoder = new FrameDecoder(MAX_HELLO_FRAME);
    private final GatheringWriter outbound;
    private PushSession<MsgFrame> session;
    // The store's epoch for a client that said HELLO2 (contract v2), 0 for HELLO (v1).
    private long epoch;
    private XnioExecutor.Key helloTimer;
    private boolean closing;
    // Inside a batch, frames wait for its end and leave with one gathering write.
    private boolean batching;

    TcpConnection(StreamConnection connection, ServerCore core, StrategyCounters counters, ConnectionSends sends) {
        this.connection = connection;
        this.outbound = new GatheringWriter(connection.getSinkChannel());
        this.core = core;
        this.counters = counters;
        this.sends = sends;
    }

    void start() {
        ConduitStreamSourceChannel source = connection.getSourceChannel();
        HandshakeGuard handshakes = core.handshakes();
        long helloTimeoutMs = core.config().connectionLimits().helloTimeoutMs();
        counters.openConnections.incrementAndGet();
        connection.setCloseListener(c -> closed());
        source.setReadListener(ch -> onReadable());
        connection.getSinkChannel().setWriteListener(ch -> flush());
        if (!handshakes.admit(connection)) {
            fail(429, "too many unfinished handshakes from this address: at most " + handshakes.maxPerAddress());
            return;
        }
        helloTimer = ioThread().executeAfter(
                () -> fail(400, "no valid HELLO within " + helloTimeoutMs + " ms"), helloTimeoutMs, TimeUnit.MILLISECONDS);
        source.resumeReads();
    }

    private void onReadable() {
        ConduitStreamSourceChannel source = connection.getSourceChannel();
        try {
            for (int i = 0; i < MAX_READS_PER_EVENT && !closing; i++) {
                int read = source.read(decoder.readTarget());
                if (read < 0) {
                    IoUtils.safeClose(connection);
                    return;
                }
                if (read == 0) {
                    return;
                }
                counters.bytesIn.add(read);
                decoder.decode(this::onFrame);
            }
        } catch (FrameException e) {
            fail(e.code(), e.getMessage());
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
    }

    private void onFrame(byte type, ByteBuffer payload) throws FrameException {
        if (closing) {
            return;
        }
        if (session == null) {
            if (type != FrameType.HELLO && type != FrameType.HELLO2) {
                throw new FrameException(400, "the first frame must be HELLO or HELLO2, got " + FrameType.name(type));
            }
            hello(payload, type == FrameType.HELLO2);
            return;
        }
        switch (type) {
            case FrameType.ACK -> session.acked(u64(payload, "ACK"));
            case FrameType.PING -> send(Frames.pong(u64(payload, "PING")), null);
            case FrameType.PONG -> u64(payload, "PONG");
            case FrameType.SEND -> send(payload);
            case FrameType.HELLO, FrameType.HELLO2 ->
                    throw new FrameException(400, FrameType.name(type) + " after the connection was welcomed");
            case FrameType.WELCOME, FrameType.MSG, FrameType.ERROR, FrameType.SENT, FrameType.SEND_FAILED ->
                    throw new FrameException(400, FrameType.name(type) + " goes from server to client only");
            default -> throw new FrameException(400, "unknown frame type " + FrameType.name(type));
        }
    }

    private void hello(ByteBuffer payload, boolean v2) throws FrameException {
        if (payload.remaining() < (v2 ? 16 : 8)) {
            throw new FrameException(400, v2 ? "HELLO2 needs u64 after, u64 epoch, then the token"
                    : "HELLO needs u64 after, then the token");
        }
        long after = payload.getLong();
        long askedEpoch = v2 ? payload.getLong() : 0;
        MessageStore store = core.store();
        String user;
        try {
            user = core.verifier().verifyOnConnect(Frames.restAsString(payload));
        } catch (AuthException e) {
            fail(401, e.getMessage());
            return;
        }
        if (after < 0) {
            throw new FrameException(400, "after must be from 0 to 2^63-1");
        }
        if (v2) {
            epoch = store.epoch(user);
            if (PollQuery.staleEpoch(askedEpoch, epoch)) {
                Async.on(ioThread(), store.position(user), position -> fail(410,
                        PushTransport.goneReason(position.oldestSeq(), epoch)),
                        error -> fail(503, "the message store is unavailable"));
                return;
            }
        }
        if (helloTimer != null) {
            helloTimer.remove();
            // Let the removed timer go: held for the connection's life, it and its task were 56 bytes of each.
            helloTimer = null;
        }
        counters.requests.increment();
        PushSession<MsgFrame> candidate = new PushSession<>(store, user, this, core.pushLimits(), counters);
        ConnectionRegistry registry = core.registry();
        if (!registry.add(candidate)) {
            fail(429, "too many devices: at most " + registry.maxDevices() + " connections per user");
            return;
        }
        session = candidate;
        core.handshakes().finished(connection);
        decoder.limit(FrameDecoder.MAX_FRAME_LENGTH);
        session.start(after);
    }

    /**
     * SEND ({@link Frames#readSend}): a frame too short for its own lengths is malformed (ERROR 400,
     * closed); a bad recipient or body is refused by id (SEND_FAILED).
     */
    private void send(ByteBuffer payload) throws FrameException {
        long frameBytes = 4 + 1 + payload.remaining();
        Frames.Send frame = Frames.readSend(payload);
        long id = frame.id();
        String to = frame.to();
        String body = frame.body();
        ConnectionSends.Reply reply = new ConnectionSends.Reply() {
            @Override
            public void sent(long sentId, long seq) {
                answer(Frames.sent(sentId, seq), frameBytes);
            }

            @Override
            public void refused(long refusedId, int status, String error) {
                answer(Frames.sendFailed(refusedId, status, error), frameBytes);
            }
        };
        if (to == null || body == null) {
            sends.countRefused();
            reply.refused(id, 400, (to == null ? "to" : "body") + " is not valid UTF-8");
            return;
        }
        sends.send(ioThread(), session.user(), id, to, body, reply);
    }

    /** Answers a send and books both frames' bytes to {@code send}. */
    private void answer(ByteBuffer frame, long inBytes) {
        sends.rebook(counters, inBytes, frame.remaining());
        send(frame, null);
    }

    /** Decodes {@code length} bytes strictly; null when they are not UTF-8. */
    private static long u64(ByteBuffer payload, String frame) throws FrameException {
        if (payload.remaining() != 8) {
            throw new FrameException(400, frame + " payload must be exactly 8 bytes, was " + payload.remaining());
        }
        return payload.getLong();
    }

    @Override
    public XnioIoThread ioThread() {
        return connection.getIoThread();
    }

    @Override
    public MsgFrame encode(Message message) {
        ByteBuffer tail = MSG_TAILS.of(message.from(), message.body());
        return new MsgFrame(Frames.msgHead(message.seq(), tail), tail.duplicate());
    }

    @Override
    public int size(MsgFrame encoded) {
        return encoded.head().remaining() + encoded.tail().remaining();
    }

    @Override
    public void started(long highestSeq) {
        send(epoch == 0 ? Frames.welcome(highestSeq) : Frames.welcome(highestSeq, epoch), null);
    }

    @Override
    public void write(MsgFrame encoded, Runnable written) {
        if (closing) {
            return;
        }
        // Head and shared tail leave in one gathering write; the tail's bytes are never copied per connection.
        outbound.add(encoded.head(), encoded.tail(), written);
        if (!batching) {
            flush();
        }
    }

    @Override
    public void batch(Runnable writes) {
        batching = true;
        try {
            writes.run();
        } finally {
            batching = false;
        }
        flush();
    }

    @Override
    public void closeOverflow(String reason) {
        fail(503, reason);
    }

    @Override
    public void closeGone(long oldestSeq) {
        fail(410, PushTransport.goneReason(oldestSeq, epoch));
    }

    private void send(ByteBuffer bytes, Runnable written) {
        if (closing) {
            return;
        }
        outbound.add(bytes, written);
        if (!batching) {
            flush();
        }
    }

    /** Writes what is queued, as much as the socket takes; closes once all is written when closing. */
    private void flush() {
        try {
            counters.bytesOut.add(outbound.flush());
            if (closing && outbound.isEmpty()) {
                IoUtils.safeClose(connection);
            }
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
    }

    /** Sends ERROR with {@code code}, then closes: at once when it is written, or after a grace period. */
    private void fail(int code, String text) {
        if (closing) {
            return;
        }
        if (session != null) {
            session.stop();
        }
        // A frame already half written must be finished, or the ERROR after it would be garbage.
        outbound.dropAllButPartlyWritten();
        outbound.add(Frames.error(code, text), null);
        closing = true;
        connection.getSourceChannel().suspendReads();
        ioThread().executeAfter(() -> IoUtils.safeClose(connection), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        flush();
    }

    private void closed() {
        counters.openConnections.decrementAndGet();
        core.handshakes().finished(connection);
        if (helloTimer != null) {
            helloTimer.remove();
        }
        if (session != null) {
            session.stop();
            core.registry().remove(session);
        }
        outbound.clear();
    }
}
