package deliverybench.driver;

import io.undertow.connector.ByteBufferPool;
import org.xnio.XnioWorker;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every receiver shares: the one XNIO worker and buffer pool of the driver, the server's
 * addresses, where messages go, and the connection counters.
 */
public final class ReceiverContext {

    final XnioWorker worker;
    final ByteBufferPool pool;
    final URI http;
    final InetSocketAddress tcp;
    final Inbound inbound;
    final int pollIntervalMs;
    final int pollWaitSeconds;
    // Contract v2: resume with the server's epoch. False: resume as a v1 client, with after alone.
    final boolean epochs;
    final LongAdder connected = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder gone = new LongAdder();
    final LongAdder errors = new LongAdder();

    public ReceiverContext(XnioWorker worker, ByteBufferPool pool, URI http, InetSocketAddress tcp, Inbound inbound,
                           int pollIntervalMs, int pollWaitSeconds, boolean epochs) {
        this.worker = worker;
        this.pool = pool;
        this.http = http;
        this.tcp = tcp;
        this.inbound = inbound;
        this.pollIntervalMs = pollIntervalMs;
        this.pollWaitSeconds = pollWaitSeconds;
        this.epochs = epochs;
    }

    /** Receivers connected now. */
    public long connected() {
        return connected.sum();
    }

    /** Reconnects after a connection was lost. */
    public long reconnects() {
        return reconnects.sum();
    }

    /** Receivers told that their {@code after} was older than retention (410). */
    public long gone() {
        return gone.sum();
    }

    /** Unexpected answers and errors seen by receivers. */
    public long errors() {
        return errors.sum();
    }
}
