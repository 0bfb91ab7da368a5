package deliverybench.client;

import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The frames waiting to be written on one client connection, written together (one gathering write
 * for all that is queued) and, when the socket is full, resumed by its write listener. I/O thread only.
 */
public final class Outbound {

    private static final int MAX_GATHER = 64;

    private final StreamConnection connection;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();

    public Outbound(StreamConnection connection) {
        this.connection = connection;
        connection.getSinkChannel().setWriteListener(channel -> flush());
    }

    public void send(ByteBuffer frame) {
        queue.add(frame);
        if (queue.size() == 1) {
            flush();
        }
    }

    /** Writes what is queued, as much as the socket takes. */
    public void flush() {
        try {
            while (!queue.isEmpty()) {
                ByteBuffer[] batch = queue.stream().limit(MAX_GATHER).toArray(ByteBuffer[]::new);
                connection.getSinkChannel().write(batch);
                while (!queue.isEmpty() && !queue.peek().hasRemaining()) {
                    queue.poll();
                }
                if (!queue.isEmpty() && queue.peek().hasRemaining()) {
                    connection.getSinkChannel().resumeWrites();
                    return;
                }
            }
            connection.getSinkChannel().suspendWrites();
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
    }

    public void clear() {
        queue.clear();
    }
}
