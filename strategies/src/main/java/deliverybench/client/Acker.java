package deliverybench.client;

import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Acknowledges a push connection's messages the way a phone would: after every
 * {@value #EVERY_MESSAGES} messages, or {@value #EVERY_MS} ms after the first unacknowledged one,
 * whichever comes first. One per connection; every method runs on the connection's I/O thread.
 */
public final class Acker {

    public static final int EVERY_MESSAGES = 16;
    public static final long EVERY_MS = 100;

    private final XnioIoThread thread;
    private final LongConsumer sendAck;
    private int pending;
    private long highestSeq;
    private XnioExecutor.Key timer;

    public Acker(XnioIoThread thread, LongConsumer sendAck) {
        this.thread = thread;
        this.sendAck = sendAck;
    }

    public void received(long seq) {
        highestSeq = Math.max(highestSeq, seq);
        if (++pending >= EVERY_MESSAGES) {
            flush();
        } else if (timer == null) {
            timer = thread.executeAfter(this::flush, EVERY_MS, TimeUnit.MILLISECONDS);
        }
    }

    public void flush() {
        if (timer != null) {
            timer.remove();
            timer = null;
        }
        if (pending > 0) {
            pending = 0;
            sendAck.accept(highestSeq);
        }
    }

    /** The connection closed: nothing more to acknowledge on it. */
    public void stop() {
        if (timer != null) {
            timer.remove();
            timer = null;
        }
        pending = 0;
    }
}
