package deliverybench.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** HTTP/1.1 over a plain socket, reading a chunked answer chunk by chunk: what a client with no HTTP library sees. */
public final class ChunkedReader implements AutoCloseable {

    public final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public ChunkedReader(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public void get(String pathAndQuery, String token) throws IOException {
        out.write(RawHttp.get(pathAndQuery, token).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads the status line and headers; returns the status. */
    public int head() throws IOException {
        String status = line();
        String header;
        boolean chunked = false;
        while (!(header = line()).isEmpty()) {
            chunked |= header.equalsIgnoreCase("Transfer-Encoding: chunked");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        if (code == 200 && !chunked) {
            throw new IOException("a 200 stream that is not chunked");
        }
        return code;
    }

    /** The next chunk's bytes, or null at the last (empty) chunk. */
    public String chunk() throws IOException {
        int size = Integer.parseInt(line().trim(), 16);
        byte[] data = in.readNBytes(size);
        if (data.length < size) {
            throw new EOFException("the connection ended inside a chunk");
        }
        if (!line().isEmpty()) {
            throw new IOException("a chunk not followed by CRLF");
        }
        return size == 0 ? null : new String(data, StandardCharsets.UTF_8);
    }

    /** Every complete chunk until the answer or the connection ends. */
    public List<String> chunksUntilEnd() throws IOException {
        List<String> chunks = new ArrayList<>();
        try {
            String chunk;
            while ((chunk = chunk()) != null) {
                chunks.add(chunk);
            }
        } catch (EOFException e) {
            // Cut off: what came before is what the client has.
        }
        return chunks;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("the connection ended");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
