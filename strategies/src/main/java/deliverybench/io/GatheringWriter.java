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

    // rest: these bytes end a frame whose first part is the entry before (a copy's own head, then a shared tail).
    private record Pending(ByteBuffer bytes, Runnable written, boolean rest) {
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
        queue.add(new Pending(bytes, written, false));
    }

    /**
     * Queues one frame in two parts, {@code head} then {@code tail}, written in the same gathering write when they
     * fit: a copy's own head before the bytes every copy of a message shares (a duplicate of one read-only buffer).
     * {@code written} runs once both have left; the two are never separated by {@link #dropAllButPartlyWritten}.
     */
    public void add(ByteBuffer head, ByteBuffer tail, Runnable written) {
        if (queue == null) {
            queue = new ArrayDeque<>(2);
        }
        queue.add(new Pending(head, null, false));
        queue.add(new Pending(tail, written, true));
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

    /**
     * Drops what is queued but a frame already begun (partly written, or the rest of a frame whose first part was
     * written): the bytes after it would be garbage without its end.
     */
    public void dropAllButPartlyWritten() {
        ArrayDeque<Pending> was = queue;
        queue = null;
        Pending head = was == null ? null : was.peek();
        // Begun: some of its bytes left, or it is the rest of a frame whose first part left.
        if (head == null || (head.bytes().position() == 0 && !head.rest())) {
            return;
        }
        queue = new ArrayDeque<>(2);
        queue.add(new Pending(head.bytes(), null, head.rest()));
        was.poll();
        Pending next;
        while ((next = was.poll()) != null && next.rest()) {
            queue.add(new Pending(next.bytes(), null, true));
        }
    }

    public void clear() {
        queue = null;
    }
}
