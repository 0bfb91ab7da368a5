package deliverybench.client;

import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The connection of its own under a {@link SendLink} (TCP, MQTT, XMPP): opened to one of the server's
 * listeners with TCP_NODELAY, written through {@link Outbound}, read by the link; a failed open and a close
 * both reach the link as {@link Events#closed}. I/O thread only.
 */
public final class LinkConnection {

    /** What the link is told, on its I/O thread. */
    public interface Events {
        /** The connection is up and reads are on: the link writes its opening. */
        void connected();

        /** Bytes may be waiting: the link {@link #read}s until none are. */
        void readable();

        /** The connection closed, or never opened. */
        void closed();
    }

    private final ClientContext context;
    private final String listener;
    private final XnioIoThread thread;
    private StreamConnection connection;
    private Outbound outbound;

    /** To the server's listener of that name, on one of the context's I/O threads; nothing happens until {@link #open}. */
    public LinkConnection(ClientContext context, String listener) {
        this.context = context;
        this.listener = listener;
        this.thread = context.worker().getIoThread();
    }

    /** Opens the connection; from now on the link hears of it through {@code events}. */
    public void open(Events events) {
        context.open(thread, context.address(listener), OptionMap.create(Options.TCP_NODELAY, true))
                .addNotifier(new IoFuture.HandlingNotifier<StreamConnection, Void>() {
                    @Override
                    public void handleDone(StreamConnection result, Void attachment) {
                        connection = result;
                        outbound = new Outbound(result);
                        result.setCloseListener(c -> events.closed());
                        result.getSourceChannel().setReadListener(ch -> events.readable());
                        result.getSourceChannel().resumeReads();
                        events.connected();
                    }

                    @Override
                    public void handleFailed(IOException exception, Void attachment) {
                        thread.execute(events::closed);
                    }
                }, null);
    }

    public XnioIoThread thread() {
        return thread;
    }

    /** Queues {@code bytes} and writes what the socket takes. */
    public void send(ByteBuffer bytes) {
        outbound.send(bytes);
    }

    /** Reads into {@code target}: the bytes read, 0 when none are waiting, -1 at the end (the connection is closed). */
    public int read(ByteBuffer target) throws IOException {
        int read = connection.getSourceChannel().read(target);
        if (read < 0) {
            close();
        }
        return read;
    }

    /** Closes now; on the I/O thread. */
    public void close() {
        IoUtils.safeClose(connection);
    }

    /** Closes from any thread. */
    public void closeLater() {
        thread.execute(this::close);
    }
}
