package deliverybench.strategy.sse;

import deliverybench.core.ClientGoneWatcher;
import deliverybench.core.JsonCodec;
import deliverybench.core.PushSession;
import deliverybench.core.PushTransport;
import deliverybench.store.Message;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One {@code text/event-stream} answer, written on the exchange's response channel without a
 * thread waiting: {@code hello}, then an event per message, a comment after 15 s of silence, and
 * {@code gone} before it ends on a gap. Its queue is the push session's, bounded like every push
 * connection's; a consumer past the bound is cut off and resumes with {@code Last-Event-ID}.
 */
final class EventStream implements PushTransport<ByteBuffer> {

    private static final long CLOSE_GRACE_MS = 1_000;
    private static final byte[] HEARTBEAT = ":\n".getBytes(StandardCharsets.US_ASCII);

    private record Pending(ByteBuffer bytes, Runnable written) {
    }

    private final HttpServerExchange exchange;
    private final long epoch;
    private final long keepAliveMs;
    private final ArrayDeque<Pending> outbound = new ArrayDeque<>();
    private StreamSinkChannel channel;
    private PushSession<ByteBuffer> session;
    private Runnable onClose;
    private ClientGoneWatcher watcher;
    private XnioExecutor.Key heartbeat;
    private long lastWriteNanos;
    private boolean ending;
    private boolean closed;

    /** @param keepAliveMs silence after which a comment line is written (the contract's 15 s) */
    EventStream(HttpServerExchange exchange, long epoch, long keepAliveMs) {
        this.exchange = exchange;
        this.epoch = epoch;
        this.keepAliveMs = keepAliveMs;
    }

    /** Starts the answer and the session's delivery after {@code after}; {@code onClose} runs once when it ends. */
    void start(PushSession<ByteBuffer> session, long after, Runnable onClose) {
        this.session = session;
        this.onClose = onClose;
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.addExchangeCompleteListener((ex, next) -> {
            closed();
            next.proceed();
        });
        channel = exchange.getResponseChannel();
        channel.getWriteSetter().set(ch -> flush());
        watcher = ClientGoneWatcher.watch(exchange, this::closeNow);
        lastWriteNanos = System.nanoTime();
        heartbeat = ioThread().executeAfter(this::heartbeat, keepAliveMs, TimeUnit.MILLISECONDS);
        session.start(after);
    }

    @Override
    public XnioIoThread ioThread() {
        return exchange.getIoThread();
    }

    @Override
    public ByteBuffer encode(Message message) {
        byte[] json = JsonCodec.message(message);
        byte[] id = ("id: " + message.seq() + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(id.length + json.length + 2).put(id).put(json).put((byte) '\n').put((byte) '\n').flip();
    }

    @Override
    public int size(ByteBuffer encoded) {
        return encoded.remaining();
    }

    @Override
    public void started(long highestSeq) {
        send(event("hello", new String(JsonCodec.welcome(epoch, highestSeq), StandardCharsets.UTF_8)), null);
    }

    @Override
    public void write(ByteBuffer encoded, Runnable written) {
        send(encoded.duplicate(), written);
    }

    /** Cut off: the response ends; the client resumes with {@code Last-Event-ID} and loses nothing. */
    @Override
    public void closeOverflow(String reason) {
        end(null);
    }

    @Override
    public void closeGone(long oldestSeq) {
        end(event("gone", "{\"oldest\":" + oldestSeq + ",\"epoch\":" + epoch + "}"));
    }

    private static ByteBuffer event(String name, String data) {
        return ByteBuffer.wrap(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private void send(ByteBuffer bytes, Runnable written) {
        if (ending || closed) {
            return;
        }
        outbound.add(new Pending(bytes, written));
        flush();
    }

    private void flush() {
        if (closed) {
            return;
        }
        try {
            Pending head;
            while ((head = outbound.peek()) != null) {
                channel.write(head.bytes());
                if (head.bytes().hasRemaining()) {
                    channel.resumeWrites();
                    return;
                }
                outbound.poll();
                lastWriteNanos = System.nanoTime();
                if (head.written() != null) {
                    head.written().run();
                }
            }
            if (!channel.flush()) {
                channel.resumeWrites();
                return;
            }
            channel.suspendWrites();
            if (ending) {
                // Everything is out: end the chunked answer; the connection may carry another request.
                exchange.endExchange();
            }
        } catch (IOException e) {
            closeNow();
        }
    }

    /** Ends the answer after {@code last} (or at once, dropping what is queued), cutting the connection if it cannot finish. */
    private void end(ByteBuffer last) {
        if (ending || closed) {
            return;
        }
        session.stop();
        stopWatching();
        // A message already half written must be finished, or the chunk framing would break.
        Pending head = outbound.peek();
        outbound.clear();
        if (head != null && head.bytes().position() > 0) {
            outbound.add(new Pending(head.bytes(), null));
        }
        if (last != null) {
            outbound.add(new Pending(last, null));
        }
        ending = true;
        ioThread().executeAfter(this::closeNow, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        flush();
    }

    private void heartbeat() {
        if (ending || closed) {
            return;
        }
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWriteNanos);
        if (idleMs >= keepAliveMs && outbound.isEmpty()) {
            send(ByteBuffer.wrap(HEARTBEAT), null);
            idleMs = 0;
        }
        heartbeat = ioThread().executeAfter(this::heartbeat, Math.max(1, keepAliveMs - idleMs), TimeUnit.MILLISECONDS);
    }

    private void closeNow() {
        if (!closed) {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    private void stopWatching() {
        if (heartbeat != null) {
            heartbeat.remove();
        }
        if (watcher != null) {
            watcher.stop();
        }
    }

    /** The exchange is over, ended by us or by a closed connection: stop everything once. */
    private void closed() {
        if (closed) {
            return;
        }
        closed = true;
        session.stop();
        stopWatching();
        outbound.clear();
        onClose.run();
    }
}
