package deliverybench.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket for bytes no real client would send, with short timeouts so that a storm never waits long on one. */
final class RawConnection implements AutoCloseable {

    static final int CONNECT_TIMEOUT_MS = 2_000;
    static final int READ_TIMEOUT_MS = 500;
    private static final int MAX_READ_BYTES = 64 * 1024;

    private static final java.util.regex.Pattern CONTENT_LENGTH =
            java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");

    private final Socket socket;

    RawConnection(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, CONNECT_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** What the server sends within the read timeout (at most 64 KiB), and whether it then closed. */
    Answer read() {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8_192];
        try {
            InputStream in = socket.getInputStream();
            int n;
            while (got.size() < MAX_READ_BYTES && (n = in.read(buffer)) >= 0) {
                got.write(buffer, 0, n);
                if (whole(got.toByteArray())) {
                    return new Answer(got.toByteArray(), false);
                }
            }
            return new Answer(got.toByteArray(), got.size() < MAX_READ_BYTES);
        } catch (SocketTimeoutException e) {
            return new Answer(got.toByteArray(), false);
        } catch (IOException e) {
            // A reset: the server closed with our bytes unread.
            return new Answer(got.toByteArray(), true);
        }
    }

    /** Whether the bytes hold a whole answer: an HTTP response with its Content-Length body, or a TCP frame. */
    static boolean whole(byte[] bytes) {
        if (bytes.length >= 4 && bytes[0] == 'H' && bytes[1] == 'T' && bytes[2] == 'T' && bytes[3] == 'P') {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            java.util.regex.Matcher length = CONTENT_LENGTH.matcher(text.substring(0, end));
            return length.find() ? bytes.length >= end + 4 + Integer.parseInt(length.group(1)) : text.startsWith("HTTP/1.1 101");
        }
        return bytes.length >= 4 && bytes.length >= 4L + java.nio.ByteBuffer.wrap(bytes).getInt(0);
    }

    /** Whether the server has closed the connection, waiting at most the read timeout. */
    boolean closedByServer() {
        return read().closed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** The bytes a server answered with; {@code closed} when it closed the connection after them. */
    record Answer(byte[] bytes, boolean closed) {

        /** "http 413", "tcp ERROR 400", "closed" or "no answer": what a storm tallies. */
        String summary() {
            if (bytes.length >= 12 && bytes[0] == 'H' && bytes[1] == 'T' && bytes[2] == 'T' && bytes[3] == 'P') {
                return "http " + new String(bytes, 9, 3, StandardCharsets.US_ASCII);
            }
            if (bytes.length >= 7 && bytes[4] == 0x07) {
                return "tcp ERROR " + (((bytes[5] & 0xff) << 8) | (bytes[6] & 0xff));
            }
            if (bytes.length >= 5 && bytes[4] >= 0x01 && bytes[4] <= 0x08) {
                return "tcp frame";
            }
            if (bytes.length > 0) {
                return "other bytes";
            }
            return closed ? "closed" : "no answer";
        }
    }
}
