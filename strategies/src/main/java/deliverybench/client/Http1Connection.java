package deliverybench.client;

import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * HTTP/1.1 on one kept-alive connection, as small as a load driver needs: requests written as given,
 * pipelined (the next goes before the last is answered), answers read in order, each with a
 * {@code Content-Length} body. No per-request objects beyond the answer's callback; one read buffer
 * per connection that grows only with a body that arrived, up to {@value #MAX_RESPONSE_BYTES}.
 * Every method runs on the connection's I/O thread; the owner's close listener calls {@link #closed()}.
 */
public final class Http1Connection {

    /** The largest answer read: a poll of 1,000 messages of 64 KiB would not fit; the driver asks for far less. */
    public static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
    private static final int INITIAL_BUFFER = 16 * 1024;
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);

    /** What becomes of one request; called on the I/O thread. */
    public interface Answer {
        /** The status and the body, which is valid only during the call. */
        void answered(int status, ByteBuffer body);

        /** The connection broke before the answer came. */
        void failed(IOException error);
    }

    private final StreamConnection connection;
    private final Outbound outbound;
    private final ArrayDeque<Answer> waiting = new ArrayDeque<>();
    // Write mode between reads; an answer that does not fit asks for room in needed.
    private ByteBuffer in = ByteBuffer.allocate(INITIAL_BUFFER);
    private int needed;
    private boolean broken;
    /** Run once after the answers one read brought have all been handed over; null for none. */
    private Runnable afterAnswers;

    public Http1Connection(StreamConnection connection) {
        this.connection = connection;
        this.outbound = new Outbound(connection);
        connection.getSourceChannel().setReadListener(channel -> onReadable());
        connection.getSourceChannel().resumeReads();
    }

    public StreamConnection connection() {
        return connection;
    }

    /** Answers still to come: requests written and not yet answered. */
    public int waiting() {
        return waiting.size();
    }

    public boolean isOpen() {
        return connection.isOpen() && !broken;
    }

    /**
     * Has {@code then} run once after each read's answers have all been handed over, rather than once per answer: a
     * sender that writes its next requests there writes them together.
     */
    public void afterAnswers(Runnable then) {
        this.afterAnswers = then;
    }

    /** Holds the requests written from now on until {@link #uncork()}, which writes them together. */
    public void cork() {
        outbound.cork();
    }

    /** Writes the requests held since {@link #cork()} in one write. */
    public void uncork() {
        outbound.uncork();
    }

    /** Writes a whole request ({@code request} is owned by the connection from now on). */
    public void request(ByteBuffer request, Answer answer) {
        if (!isOpen()) {
            answer.failed(new IOException("the connection is closed"));
            return;
        }
        waiting.add(answer);
        outbound.send(request);
    }

    private void onReadable() {
        try {
            while (true) {
                if (!in.hasRemaining()) {
                    resize(in.capacity() * 2);
                }
                int room = in.remaining();
                int read = connection.getSourceChannel().read(in);
                if (read < 0) {
                    IoUtils.safeClose(connection);
                    return;
                }
                if (read == 0) {
                    return;
                }
                in.flip();
                boolean answered = false;
                while (parseOne()) {
                    // Every whole answer in the buffer is handed over.
                    answered = true;
                }
                in.compact();
                if (answered && afterAnswers != null) {
                    afterAnswers.run();
                }
                if (needed > in.capacity()) {
                    resize(needed);
                }
                if (read < room) {
                    // The socket gave less than there was room for: it is drained. The selector is level
                    // triggered and calls again when more comes, which spares a read that finds nothing.
                    return;
                }
            }
        } catch (IOException e) {
            broken = true;
            IoUtils.safeClose(connection);
        }
    }

    /** Hands over the first answer when it is whole; returns whether it did. The buffer is in read mode. */
    private boolean parseOne() throws IOException {
        int start = in.position();
        int headEnd = indexOfHeadEnd(start);
        if (headEnd < 0) {
            if (in.limit() - start > 64 * 1024) {
                throw new IOException("an answer's head is over 64 KiB");
            }
            return false;
        }
        if (in.limit() - start < 12 || in.get(start) != 'H' || in.get(start + 8) != ' ') {
            throw new IOException("not an HTTP/1.1 status line");
        }
        int status = (in.get(start + 9) - '0') * 100 + (in.get(start + 10) - '0') * 10 + (in.get(start + 11) - '0');
        long length = header(start, headEnd, CONTENT_LENGTH);
        if (length < 0) {
            throw new IOException(hasHeader(start, headEnd, CHUNKED)
                    ? "a chunked answer: this client reads Content-Length bodies only" : "an answer without Content-Length");
        }
        if (length > MAX_RESPONSE_BYTES) {
            throw new IOException("an answer of " + length + " bytes, over " + MAX_RESPONSE_BYTES);
        }
        int bodyStart = headEnd + 4;
        if (in.limit() - bodyStart < length) {
            // The body is still coming: room for the whole answer, which the header said and the bound checked.
            needed = (int) (bodyStart - start + length);
            return false;
        }
        needed = 0;
        Answer answer = waiting.poll();
        ByteBuffer body = in.slice(bodyStart, (int) length);
        in.position(bodyStart + (int) length);
        if (answer == null) {
            throw new IOException("an answer no request asked for");
        }
        answer.answered(status, body);
        return true;
    }

    private int indexOfHeadEnd(int from) {
        for (int i = from; i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The value of a numeric header (name lower case, with its colon), -1 when absent. */
    private long header(int start, int end, byte[] name) throws IOException {
        int at = find(start, end, name);
        if (at < 0) {
            return -1;
        }
        int i = at + name.length;
        while (i < end && in.get(i) == ' ') {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (i < end && in.get(i) >= '0' && in.get(i) <= '9') {
            value = value * 10 + (in.get(i++) - '0');
            if (++digits > 12) {
                throw new IOException("a header's number is too long");
            }
        }
        return digits == 0 ? -2 : value;
    }

    private boolean hasHeader(int start, int end, byte[] name) {
        return find(start, end, name) >= 0;
    }

    /** Where a header name starts a line, case-insensitively; -1 when none does. */
    private int find(int start, int end, byte[] name) {
        for (int line = start; line < end; ) {
            int next = line;
            while (next < end && in.get(next) != '\n') {
                next++;
            }
            int at = line == start ? -1 : line;
            if (at >= 0 && matches(at, end, name)) {
                return at;
            }
            line = next + 1;
        }
        return -1;
    }

    private boolean matches(int at, int end, byte[] name) {
        if (at + name.length > end) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            byte b = in.get(at + i);
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** A bigger buffer holding what the current one holds; write mode stays. */
    private void resize(int bytes) throws IOException {
        if (bytes > MAX_RESPONSE_BYTES + 64 * 1024) {
            throw new IOException("an answer over " + MAX_RESPONSE_BYTES + " bytes");
        }
        ByteBuffer bigger = ByteBuffer.allocate(bytes);
        in.flip();
        bigger.put(in);
        in = bigger;
    }

    /** The connection closed: every answer still to come fails. Its owner's close listener calls this. */
    public void closed() {
        fail(new IOException("the connection closed"));
    }

    private void fail(IOException error) {
        broken = true;
        Answer answer;
        while ((answer = waiting.poll()) != null) {
            answer.failed(error);
        }
        outbound.clear();
    }
}
