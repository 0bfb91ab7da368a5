package deliverybench.core.http;

import io.undertow.io.Receiver;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a request body into memory as its bytes arrive, never by the length the client declared: a
 * declared length over the limit is 413 before a byte is read, the buffer grows only with bytes that
 * arrived, the bodies being read across the server stay under one budget (503 past it), and a body
 * that has not arrived within the request timeout is 408. Every refusal closes the connection.
 */
public final class BodyReader {

    /** Takes a whole body; runs on the exchange's I/O thread. */
    @FunctionalInterface
    public interface Handler {
        void body(HttpServerExchange exchange, byte[] bytes);
    }

    private final long maxBytes;
    private final long timeoutMs;
    private final long budgetBytes;
    private final AtomicLong buffered = new AtomicLong();

    public BodyReader(long maxBytes, long timeoutMs, long budgetBytes) {
        this.maxBytes = maxBytes;
        this.timeoutMs = timeoutMs;
        this.budgetBytes = budgetBytes;
    }

    public void read(HttpServerExchange exchange, Handler handler) {
        long declared;
        try {
            declared = exchange.getRequestContentLength();
        } catch (NumberFormatException e) {
            refuse(exchange, 400, "Content-Length is not a number");
            return;
        }
        if (declared > maxBytes) {
            // Undertow's receiveFullBytes would allocate the declared length before checking it.
            refuse(exchange, 413, "request body of " + declared + " bytes is over the limit of " + maxBytes + " bytes");
            return;
        }
        new Body(exchange, handler).start();
    }

    /** Bytes of bodies being read now, over every connection. */
    public long buffered() {
        return buffered.get();
    }

    /** Answers and closes: the rest of the body is never read. */
    public static void refuse(HttpServerExchange exchange, int status, String what) {
        exchange.setPersistent(false);
        Connectors.terminateRequest(exchange);
        Responses.error(exchange, status, what);
    }

    /** One body being read; every method runs on the exchange's I/O thread. */
    private final class Body {
        private final HttpServerExchange exchange;
        private final Handler handler;
        // Grows by doubling from 32 bytes as chunks arrive: at most twice what arrived.
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long reserved;
        private boolean done;
        private XnioExecutor.Key timer;

        Body(HttpServerExchange exchange, Handler handler) {
            this.exchange = exchange;
            this.handler = handler;
        }

        void start() {
            exchange.addExchangeCompleteListener((ex, next) -> {
                finish();
                next.proceed();
            });
            timer = exchange.getIoThread().executeAfter(this::timedOut, timeoutMs, TimeUnit.MILLISECONDS);
            exchange.getRequestReceiver().receivePartialBytes(this::arrived, this::failed);
        }

        private void arrived(HttpServerExchange ex, byte[] chunk, boolean last) {
            if (done) {
                return;
            }
            if (chunk.length > 0) {
                if (bytes.size() + (long) chunk.length > maxBytes) {
                    stop(413, "request body is over the limit of " + maxBytes + " bytes");
                    return;
                }
                if (buffered.addAndGet(chunk.length) > budgetBytes) {
                    buffered.addAndGet(-chunk.length);
                    stop(503, "the server is reading too many request bodies at once; try again");
                    return;
                }
                reserved += chunk.length;
                bytes.write(chunk, 0, chunk.length);
            }
            if (last) {
                finish();
                handler.body(ex, bytes.toByteArray());
            }
        }

        private void failed(HttpServerExchange ex, IOException error) {
            if (done) {
                return;
            }
            if (error instanceof Receiver.RequestToLargeException || error instanceof io.undertow.server.RequestTooBigException) {
                stop(413, "request body is over the limit of " + maxBytes + " bytes");
            } else {
                // The client went away mid-body: nobody to answer.
                finish();
                IoUtils.safeClose(ex.getConnection());
            }
        }

        private void timedOut() {
            if (!done) {
                stop(408, "the request body did not arrive within " + timeoutMs + " ms");
            }
        }

        private void stop(int status, String what) {
            finish();
            exchange.getRequestReceiver().pause();
            refuse(exchange, status, what);
        }

        private void finish() {
            if (done) {
                return;
            }
            done = true;
            if (timer != null) {
                timer.remove();
            }
            buffered.addAndGet(-reserved);
            reserved = 0;
        }
    }
}
