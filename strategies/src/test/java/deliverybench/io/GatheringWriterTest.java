package deliverybench.io;

import deliverybench.protocol.Frames;
import org.junit.jupiter.api.Test;
import org.xnio.channels.StreamSinkChannel;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatheringWriterTest {

    /** A socket's sink that takes at most {@code budget} bytes until given more, and keeps what it took. */
    private static final class Socket {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        long budget;

        StreamSinkChannel sink() {
            return (StreamSinkChannel) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {StreamSinkChannel.class}, (proxy, method, args) -> {
                        if (method.getName().equals("write") && args.length == 3) {
                            ByteBuffer[] buffers = (ByteBuffer[]) args[0];
                            long written = 0;
                            for (int i = (int) args[1]; i < (int) args[1] + (int) args[2]; i++) {
                                while (buffers[i].hasRemaining() && budget > 0) {
                                    taken.write(buffers[i].get());
                                    budget--;
                                    written++;
                                }
                            }
                            return written;
                        }
                        return null;
                    });
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Queues one copy of the message from alice, "hello", per seq: its own head, then a view of the one tail. */
    private static ByteBuffer copies(GatheringWriter writer, Runnable written, long... seqs) {
        ByteBuffer tail = Frames.msgTail("alice", "hello");
        for (long seq : seqs) {
            writer.add(Frames.msgHead(seq, tail), tail.duplicate(), written);
        }
        return tail;
    }

    private static byte[] concat(ByteBuffer... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer frame : frames) {
            out.writeBytes(bytes(frame));
        }
        return out.toByteArray();
    }

    /** Head and shared tail leave as one frame; the shared bytes are not consumed for the next copy. */
    @Test
    void copiesOfOneTailAreWholeFrames() throws Exception {
        Socket socket = new Socket();
        socket.budget = Long.MAX_VALUE;
        GatheringWriter writer = new GatheringWriter(socket.sink());
        AtomicInteger written = new AtomicInteger();
        ByteBuffer tail = copies(writer, written::incrementAndGet, 1, 2);
        writer.flush();
        assertArrayEquals(concat(Frames.msg(1, "alice", "hello"), Frames.msg(2, "alice", "hello")),
                socket.taken.toByteArray());
        assertEquals(2, written.get());
        assertEquals(2 + 5 + 5, tail.remaining());
        assertTrue(writer.isEmpty());
    }

    /**
     * Closing with an error after a copy's head left but not its tail: the tail is still written before the error,
     * or the error would land inside a frame (garbage to the client). What was not begun is dropped.
     */
    @Test
    void aFrameWhoseHeadLeftIsFinishedBeforeAnythingElse() throws Exception {
        Socket socket = new Socket();
        socket.budget = Frames.MSG_HEAD_BYTES;
        GatheringWriter writer = new GatheringWriter(socket.sink());
        copies(writer, null, 7, 8);
        writer.flush();
        assertEquals(Frames.MSG_HEAD_BYTES, socket.taken.size());

        writer.dropAllButPartlyWritten();
        writer.add(Frames.error(503, "bye"), null);
        socket.budget = Long.MAX_VALUE;
        writer.flush();
        assertArrayEquals(concat(Frames.msg(7, "alice", "hello"), Frames.error(503, "bye")), socket.taken.toByteArray());
    }

    /** Nothing begun: everything queued is dropped, and the error goes out alone. */
    @Test
    void nothingBegunIsAllDropped() throws Exception {
        Socket socket = new Socket();
        GatheringWriter writer = new GatheringWriter(socket.sink());
        copies(writer, null, 7);
        writer.flush();
        writer.dropAllButPartlyWritten();
        writer.add(Frames.error(503, "bye"), null);
        socket.budget = Long.MAX_VALUE;
        writer.flush();
        assertArrayEquals(bytes(Frames.error(503, "bye")), socket.taken.toByteArray());
    }
}
