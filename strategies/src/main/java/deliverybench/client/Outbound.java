package deliverybench.client;

import deliverybench.io.GatheringWriter;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The frames waiting to be written on one client connection, written together (one gathering write
 * for all that is queued) and, when the socket is full, resumed by its write listener. I/O thread only.
 */
public final class Outbound {

    private final StreamConnection connection;
    private final GatheringWriter writer;
    private boolean empty = true;
    /** Held: frames queue and go out in one write at {@link #uncork()}. */
    private boolean corked;

    public Outbound(StreamConnection connection) {
        this.connection = connection;
        this.writer = new GatheringWriter(connection.getSinkChannel());
        connection.getSinkChannel().setWriteListener(channel -> flush());
    }

    public void send(ByteBuffer frame) {
        writer.add(frame, null);
        if (corked) {
            empty = false;
        } else if (empty) {
            flush();
        }
    }

    /** Holds what is sent from now on until {@link #uncork()}, which writes it all at once. */
    public void cork() {
        corked = true;
    }

    /** Writes what was held since {@link #cork()} in one gathering write, as much as the socket takes. */
    public void uncork() {
        corked = false;
        if (!writer.isEmpty()) {
            flush();
        }
    }

    /** Writes what is queued, as much as the socket takes. */
    public void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
        empty = writer.isEmpty();
    }

    public void clear() {
        writer.clear();
        empty = true;
    }
}
