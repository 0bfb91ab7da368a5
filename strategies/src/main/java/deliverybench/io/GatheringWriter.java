package deliverybench.io;

import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The bytes waiting to be written on one connection, written up to {@value #MAX_GATHER} buffers a system call
 * (one gathering write) and, when the socket is full, resumed by the sink's write listener. I/O thread only;
 * the server's TCP and XMPP push connections and the driver's own connections all write through it.
 */
public final class GatheringWriter {

    private static final int MAX_GATHER = 64;

    private record Pending(ByteBuffer bytes, Runnable written) {
    }

    // One gather array per thread, not per connection (272 bytes each at 10,000 connections): it is filled, written
    // and emptied again before any written-callback runs, so a callback that flushes another writer may reuse it.
    private static final ThreadLocal<ByteBuffer[]> GATHER = ThreadLocal.withInitial(() -> new ByteBuffer[MAX_GATHER]);

    private final StreamSinkChannel sink;
    // Only while something waits to be written: an idle connection holds no queue (56 bytes each). Small at first: a
    // push connection rarely has more than one buffer queued (it grows when it needs to).
    private ArrayDeque<Pending> queue;

    public GatheringWriter(StreamSinkChannel sink) {
        this.sink = sink;
    }

    /** Queues {@code bytes}; {@code written} (may be null) runs once they have all left. Nothing is written yet. */
    public void add(ByteBuffer bytes, Runnable written) {
        if (queue == null) {
            queue = new ArrayDeque<>(2);
        }
        queue.add(new Pending(bytes, written));
    }

    public boolean isEmpty() {
        return queue == null || queue.isEmpty();
    }

    /**
     * Writes what is queued, as much as the socket takes, and returns the bytes written. Writes stay resumed while
     * something is left and are suspended once all is written.
     */
    public long flush() throws IOException {
        long total = 0;
        ByteBuffer[] gather = GATHER.get();
        while (!isEmpty()) {
            int count = 0;
            for (Pending pending : queue) {
                if (count == MAX_GATHER) {
                    break;
                }
                gather[count++] = pending.bytes();
            }
            boolean socketFull;
            try {
                total += sink.write(gather, 0, count);
                socketFull = gather[count - 1].hasRemaining();
            } finally {
                Arrays.fill(gather, 0, count, null);
            }
            Pending head;
            // A written-callback may clear this writer (its connection closed): the queue is then gone.
            while (queue != null && (head = queue.peek()) != null && !head.bytes().hasRemaining()) {
                queue.poll();
                if (head.written() != null) {
                    head.written().run();
                }
            }
            if (socketFull) {
                sink.resumeWrites();
                return total;
            }
        }
        sink.suspendWrites();
        // All written (a written-callback may have queued more, and then the loop went on): let the queue go.
        queue = null;
        return total;
    }

    /** Drops what is queued but a buffer already partly written: the bytes after it would be garbage without its end. */
    public void dropAllButPartlyWritten() {
        Pending head = queue == null ? null : queue.peek();
        queue = null;
        if (head != null && head.bytes().position() > 0) {
            add(head.bytes(), null);
        }
    }

    public void clear() {
        queue = null;
    }
}
