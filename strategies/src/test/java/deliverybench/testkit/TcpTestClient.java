package deliverybench.testkit;

import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A plain blocking {@link Socket} speaking the raw TCP protocol, for tests. */
public final class TcpTestClient implements AutoCloseable {

    public record Frame(byte type, byte[] payload) {
        public long u64() {
            return ByteBuffer.wrap(payload).getLong();
        }

        public int errorCode() {
            return ByteBuffer.wrap(payload).getShort() & 0xffff;
        }

        public String errorText() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }

        public long msgSeq() {
            return u64();
        }

        public String msgFrom() {
            int length = ByteBuffer.wrap(payload, 8, 2).getShort() & 0xffff;
            return new String(payload, 10, length, StandardCharsets.UTF_8);
        }

        public String msgBody() {
            int length = ByteBuffer.wrap(payload, 8, 2).getShort() & 0xffff;
            return new String(payload, 10 + length, payload.length - 10 - length, StandardCharsets.UTF_8);
        }
    }

    public final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public TcpTestClient(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBufferBytes the socket's receive buffer, or 0 for the system's default */
    public TcpTestClient(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public void write(ByteBuffer frame) throws IOException {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        out.write(bytes);
        out.flush();
    }

    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends HELLO and returns the WELCOME's seq, failing if anything else comes back. */
    public long hello(long after, String token) throws IOException {
        write(Frames.hello(after, token));
        Frame frame = read();
        if (frame.type() != FrameType.WELCOME) {
            throw new AssertionError("expected WELCOME, got " + FrameType.name(frame.type())
                    + (frame.type() == FrameType.ERROR ? " " + frame.errorCode() + " " + frame.errorText() : ""));
        }
        return frame.u64();
    }

    public Frame read() throws IOException {
        int length = in.readInt();
        byte type = in.readByte();
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /** True when the server has closed the connection (end of stream within the socket timeout). */
    public boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever is left
            }
            return true;
        } catch (EOFException e) {
            return true;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
