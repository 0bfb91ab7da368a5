package deliverybench.strategy.xmpp;

import deliverybench.core.stats.StrategyCounters;
import deliverybench.io.GatheringWriter;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * What one XMPP connection writes, in order, each buffer with what to run once it left: the shared
 * {@link GatheringWriter} (as TCP's), plus the stream's closing; on the connection's I/O thread.
 */
final class XmppOutput {

    private static final long CLOSE_GRACE_MS = 1_000;

    private final StreamConnection connection;
    private final StrategyCounters counters;
    private final GatheringWriter writer;
    private boolean closing;

    XmppOutput(StreamConnection connection, StrategyCounters counters) {
        this.connection = connection;
        this.counters = counters;
        this.writer = new GatheringWriter(connection.getSinkChannel());
        connection.getSinkChannel().setWriteListener(ch -> flush());
    }

    /** Whether the stream is ending: nothing more is queued or read. */
    boolean closing() {
        return closing;
    }

    void send(String xml) {
        queue(Xmpp.bytes(xml), null);
    }

    /** Queues {@code bytes} and writes; {@code done} (may be null) runs once they have left. */
    void queue(ByteBuffer bytes, Runnable done) {
        if (closing) {
            return;
        }
        writer.add(bytes, done);
        flush();
    }

    /** Writes what is queued, as much as the socket takes; closes once all is written when closing. */
    private void flush() {
        try {
            counters.bytesOut.add(writer.flush());
            if (closing && writer.isEmpty()) {
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
        writer.clear();
    }
}
