package deliverybench.strategy.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/** A blocking MQTT client over a plain socket, writing our own packets ({@link MqttWire}) and reading whole packets back. */
final class RawMqtt implements AutoCloseable {

    /** One packet read: its first byte and its body. */
    record Packet(int typeAndFlags, ByteBuffer body) {
        int type() {
            return typeAndFlags >> 4;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final MqttPacketDecoder decoder = new MqttPacketDecoder(MqttEndpoint.MAX_PACKET_BYTES);
    private final ArrayDeque<Packet> read = new ArrayDeque<>();

    RawMqtt(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Over a socket already open: an {@code SSLSocket} speaks MQTT inside TLS. */
    RawMqtt(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
    }

    RawMqtt write(ByteBuffer packet) throws IOException {
        byte[] bytes = new byte[packet.remaining()];
        packet.get(bytes);
        return write(bytes);
    }

    RawMqtt write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** The next packet; fails when the server closed first or nothing came within 5 s. */
    Packet next() throws Exception {
        while (read.isEmpty()) {
            ByteBuffer target = decoder.readTarget();
            int n = in.read(target.array(), target.arrayOffset() + target.position(), target.remaining());
            if (n < 0) {
                throw new IOException("closed by the server");
            }
            target.position(target.position() + n);
            decoder.decode((typeAndFlags, body) -> {
                ByteBuffer copy = ByteBuffer.allocate(body.remaining()).put(body).flip();
                read.add(new Packet(typeAndFlags, copy));
            });
        }
        return read.poll();
    }

    /** Whether the server closed the connection within {@code ms}, reading (and dropping) what it sent before. */
    boolean closedWithin(long ms) throws IOException {
        socket.setSoTimeout((int) ms);
        try {
            byte[] sink = new byte[4_096];
            while (true) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // A reset is closed too.
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
