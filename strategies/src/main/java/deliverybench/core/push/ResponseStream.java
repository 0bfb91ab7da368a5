package deliverybench.core.push;

import deliverybench.core.http.ClientGoneWatcher;
import deliverybench.core.http.HeldRequest;
import deliverybench.store.Message;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One held streaming answer (SSE, HTTP streaming), written on the exchange's response channel with
 * a write listener, no thread waiting: the hello, a part per message, a keep-alive after a silence,
 * and a last part when it ends on a gap or at its maximum age. Its queue is the push session's,
 * bounded like every push connection's; a consumer past the bound is cut off and resumes.
 * Every method runs on the exchange's I/O thread.
 */
public final class ResponseStream implements PushTransport<ByteBuffer> {

    private static final long CLOSE_GRACE_MS = 2_000;

    private record Pending(ByteBuffer bytes, Runnable written) {
    }

    private final HttpServerExchange exchange;
    private final StreamFormat format;
    private final long epoch;
    private final long keepAliveMs;
    private final long maxAgeMs;
    // Only while something waits to be written: an idle stream holds no queue (a default deque was 112 bytes).
    private ArrayDeque<Pending> outbound;
    private StreamSinkChannel channel;
    private PushSession<ByteBuffer> session;
    private Runnable onClose;
    private ClientGoneWatcher watcher;
    // One timer per stream: it writes the keep-alive and, when the answer has a maximum age, ends it at its deadline
    // (a second timer for the age, its key, tree entry and task, was about 100 bytes of every held stream).
    private XnioExecutor.Key keepAlive;
    private long endsAtNanos;
    private long lastWriteNanos;
    // Ending: nothing new is queued; what is queued is written, then lastPart, then the answer ends.
    private boolean ending;
    private Supplier<byte[]> lastPart;
    private boolean closed;

    /**
     * @param keepAliveMs silence after which {@link StreamFormat#keepAlive} is written
     * @param maxAgeMs    how long the answer lasts before it ends with {@link StreamFormat#end}; 0 for no limit
     */
    public ResponseStream(HttpServerExchange exchange, StreamFormat format, long epoch, long keepAliveMs, long maxAgeMs) {
        this.exchange = exchange;
        this.format = format;
        this.epoch = epoch;
        this.keepAliveMs = keepAliveMs;
        this.maxAgeMs = maxAgeMs;
    }

    /** Starts the answer and the session's delivery after {@code after}; {@code onClose} runs once when it is over. */
    public void start(PushSession<ByteBuffer> session, long after, Runnable onClose) {
        this.session = session;
        this.onClose = onClose;
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, format.contentType());
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.addExchangeCompleteListener((ex, next) -> {
            closed();
            next.proceed();
        });
        channel = exchange.getResponseChannel();
        // The answer's framing is set up: the request (headers, token, query) is not read again.
        HeldRequest.forget(exchange);
        channel.getWriteSetter().set(ch -> flush());
        watcher = ClientGoneWatcher.watch(exchange, this::closeNow);
        lastWriteNanos = System.nanoTime();
        if (maxAgeMs > 0) {
            endsAtNanos = lastWriteNanos + TimeUnit.MILLISECONDS.toNanos(maxAgeMs);
        }
        keepAlive = ioThread().executeAfter(this::keepAlive, untilEnd(keepAliveMs), TimeUnit.MILLISECONDS);
        session.start(after);
    }

    @Override
    public XnioIoThread ioThread() {
        return exchange.getIoThread();
    }

    @Override
    public ByteBuffer encode(Message message) {
        return format.message(message);
    }

    @Override
    public int size(ByteBuffer encoded) {
        return encoded.remaining();
    }

    @Override
    public void started(long highestSeq) {
        send(ByteBuffer.wrap(format.hello(epoch, highestSeq)), null);
    }

    @Override
    public void write(ByteBuffer encoded, Runnable written) {
        send(encoded.duplicate(), written);
    }

    /** Cut off: what is queued goes if the client reads it in time, then the answer ends; the client resumes. */
    @Override
    public void closeOverflow(String reason) {
        end(null);
    }

    @Override
    public void closeGone(long oldestSeq) {
        end(() -> format.gone(oldestSeq, epoch));
    }

    private void send(ByteBuffer bytes, Runnable written) {
        if (ending || closed) {
            return;
        }
        queue(new Pending(bytes, written));
        flush();
    }

    private void flush() {
        if (closed) {
            return;
        }
        try {
            Pending head;
            while ((head = peek()) != null || takeLastPart()) {
                head = outbound.peek();
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
            outbound = null;
            if (ending) {
                // Everything is out: end the chunked answer; the connection may carry another request.
                exchange.endExchange();
            }
        } catch (IOException e) {
            closeNow();
        }
    }

    private void queue(Pending pending) {
        if (outbound == null) {
            outbound = new ArrayDeque<>(2);
        }
        outbound.add(pending);
    }

    private Pending peek() {
        return outbound == null ? null : outbound.peek();
    }

    /** Queues the last part once the rest is written; returns whether it did. */
    private boolean takeLastPart() {
        if (!ending || lastPart == null) {
            return false;
        }
        queue(new Pending(ByteBuffer.wrap(lastPart.get()), null));
        lastPart = null;
        return true;
    }

    /** Stops new messages; what is queued, then {@code last} (when given), is written, then the answer ends. */
    private void end(Supplier<byte[]> last) {
        if (ending || closed) {
            return;
        }
        ending = true;
        lastPart = last;
        session.stop();
        stopTimers();
        // A client that cannot take the rest in time is cut off.
        ioThread().executeAfter(this::closeNow, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        flush();
    }

    private void keepAlive() {
        if (ending || closed) {
            return;
        }
        if (maxAgeMs > 0 && System.nanoTime() - endsAtNanos >= 0) {
            end(() -> format.end(session.writtenSeq()));
            return;
        }
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWriteNanos);
        if (idleMs >= keepAliveMs && peek() == null) {
            send(ByteBuffer.wrap(format.keepAlive(System.currentTimeMillis())), null);
            idleMs = 0;
        }
        keepAlive = ioThread().executeAfter(this::keepAlive, untilEnd(Math.max(1, keepAliveMs - idleMs)),
                TimeUnit.MILLISECONDS);
    }

    /** {@code delayMs}, or less when the answer reaches its maximum age sooner (at least 1 ms). */
    private long untilEnd(long delayMs) {
        if (maxAgeMs <= 0) {
            return delayMs;
        }
        long leftNanos = endsAtNanos - System.nanoTime();
        return Math.max(1, Math.min(delayMs, (leftNanos + 999_999) / 1_000_000));
    }

    private void closeNow() {
        if (!closed) {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    private void stopTimers() {
        if (keepAlive != null) {
            keepAlive.remove();
        }
        if (watcher != null) {
            watcher.stop();
        }
    }

    /** The exchange is over, ended here or by a closed connection: stop everything, once. */
    private void closed() {
        if (closed) {
            return;
        }
        closed = true;
        session.stop();
        stopTimers();
        outbound = null;
        onClose.run();
    }
}
