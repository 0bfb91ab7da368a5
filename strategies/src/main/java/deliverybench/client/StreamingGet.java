package deliverybench.client;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.util.HttpString;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One GET whose answer is read as it arrives, line by line, on a kept-alive Undertow client
 * connection: what an SSE or HTTP streaming client needs. Never blocks; lines are bounded.
 */
public final class StreamingGet {

    /** The longest line accepted (a message of 64 KiB, JSON-escaped, fits); longer fails the answer. */
    public static final int MAX_LINE_BYTES = 512 * 1024;
    /** What a slow reader ({@code --chaos slow}) takes per second. */
    private static final int SLOW_BYTES = 1_024;

    /** What becomes of the answer; every method runs on the connection's I/O thread. */
    public interface Lines {
        /** The answer's status, before any of its lines. */
        void status(int code);

        /** One line, without its line end ({@code \n} or {@code \r\n}); the answer's last may have none. */
        void line(String line) throws IOException;

        /** The server ended the answer. */
        void end();

        /** The answer broke off, or a line broke the format: the connection should go. */
        void failed(IOException error);
    }

    private StreamingGet() {
    }

    /**
     * Sends {@code GET path} with the headers and hands the answer's lines over as they arrive.
     *
     * @param slow read at most 1 KiB a second while this says so
     */
    public static void send(ClientConnection connection, ByteBufferPool pool, String path, Map<String, String> headers,
                            BooleanSupplier slow, Lines lines) {
        ClientRequest request = new ClientRequest().setMethod(Methods.GET).setPath(path);
        request.getRequestHeaders().put(Headers.HOST, "localhost");
        headers.forEach((name, value) -> request.getRequestHeaders().put(new HttpString(name), value));
        connection.sendRequest(request, new ClientCallback<>() {
            @Override
            public void completed(ClientExchange exchange) {
                exchange.setResponseListener(new ClientCallback<>() {
                    @Override
                    public void completed(ClientExchange result) {
                        lines.status(result.getResponse().getResponseCode());
                        new Reader(result.getResponseChannel(), pool, slow, lines).start();
                    }

                    @Override
                    public void failed(IOException e) {
                        lines.failed(e);
                    }
                });
            }

            @Override
            public void failed(IOException e) {
                lines.failed(e);
            }
        });
    }

    /** Reads the answer's body and splits it into lines. */
    private static final class Reader implements ChannelListener<StreamSourceChannel> {
        private final StreamSourceChannel channel;
        private final ByteBufferPool pool;
        private final BooleanSupplier slow;
        private final Lines lines;
        private final LineSplitter splitter;
        private boolean done;

        Reader(StreamSourceChannel channel, ByteBufferPool pool, BooleanSupplier slow, Lines lines) {
            this.channel = channel;
            this.pool = pool;
            this.slow = slow;
            this.lines = lines;
            this.splitter = new LineSplitter(lines);
        }

        void start() {
            channel.getReadSetter().set(this);
            handleEvent(channel);
        }

        @Override
        public void handleEvent(StreamSourceChannel ch) {
            try (PooledByteBuffer pooled = pool.allocate()) {
                ByteBuffer buffer = pooled.getBuffer();
                while (!done) {
                    buffer.clear();
                    boolean slowNow = slow.getAsBoolean();
                    if (slowNow) {
                        buffer.limit(Math.min(buffer.capacity(), SLOW_BYTES));
                    }
                    int read = ch.read(buffer);
                    if (read < 0) {
                        done = true;
                        IoUtils.safeClose(ch);
                        splitter.finish();
                        lines.end();
                        return;
                    }
                    if (read == 0) {
                        ch.resumeReads();
                        return;
                    }
                    buffer.flip();
                    splitter.split(buffer);
                    if (slowNow) {
                        // Then nothing for a second: the server's queue for us fills up.
                        ch.suspendReads();
                        ch.getIoThread().executeAfter(() -> {
                            if (ch.isOpen()) {
                                handleEvent(ch);
                            }
                        }, 1, TimeUnit.SECONDS);
                        return;
                    }
                }
            } catch (IOException e) {
                done = true;
                IoUtils.safeClose(ch);
                lines.failed(e);
            }
        }
    }
}
