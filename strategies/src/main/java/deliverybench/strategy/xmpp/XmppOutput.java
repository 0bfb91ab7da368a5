package deliverybench.strategy.xmpp;

import deliverybench.core.stats.StrategyCounters;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/** What one XMPP connection writes, in order, each buffer with what to run once it left; on the connection's I/O thread. */
final class XmppOutput {

    private static final long CLOSE_GRACE_MS = 1_000;

    private final StreamConnection connection;
    private final ConduitStreamSinkChannel sink;
    private final StrategyCounters counters;
    private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
    private final ArrayDeque<Runnable> written = new ArrayDeque<>();
    private boolean closing;

    XmppOutput(StreamConnection connection, StrategyCounters counters) {
        this.connection = connection;
        this.sink = connection.getSinkChannel();
        this.counters = counters;
        sink.setWriteListener(ch -> flush());
    }

    /** Whether the stream is ending: nothing more is queued or read. */
    boolean closing() {
        return closing;
    }

    void send(String xml) {
        queue(Xmpp.bytes(xml), null);
    }

    void queue(ByteBuffer bytes, Runnable done) {
        if (closing) {
            return;
        }
        outbound.add(bytes);
        written.add(done == null ? () -> { } : done);
        flush();
    }

    private void flush() {
        try {
            while (!outbound.isEmpty()) {
                ByteBuffer head = outbound.peek();
                int wrote = sink.write(head);
                counters.bytesOut.add(wrote);
                if (head.hasRemaining()) {
                    sink.resumeWrites();
                    return;
                }
                outbound.poll();
                written.poll().run();
            }
            sink.suspendWrites();
            if (closing) {
                IoUtils.safeClose(connection);
            }
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
    }

    /** Reads no more, and closes once what is queued is written, or after a grace period. */
    void closeAfterWrite() {
        closing = true;
        connection.getSourceChannel().suspendReads();
        connection.getIoThread().executeAfter(() -> IoUtils.safeClose(connection), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        flush();
    }

    /** The connection closed: what was queued will never be written. */
    void clear() {
        outbound.clear();
        written.clear();
    }
}
