package deliverybench.measure;

import deliverybench.protocol.FrameType;
import deliverybench.results.Floor;
import deliverybench.schedule.NanoClock;
import deliverybench.protocol.Frames;
import org.HdrHistogram.Histogram;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * The loopback round-trip floor of this machine: PING/PONG over the TCP strategy and a bare socket
 * echo, so that each strategy's latency can also be read as a multiple of what the machine can do.
 */
public final class FloorMeter {

    private final NanoClock clock;
    private final int roundTrips;

    public FloorMeter(NanoClock clock, int roundTrips) {
        this.clock = clock;
        this.roundTrips = roundTrips;
    }

    public Floor measure(InetSocketAddress tcpServer, String token) throws IOException, InterruptedException {
        return measure(tcpServer, token, javax.net.SocketFactory.getDefault());
    }

    /** @param sockets how to reach the TCP port: plain, or a TLS socket factory when the server speaks TLS */
    public Floor measure(InetSocketAddress tcpServer, String token, javax.net.SocketFactory sockets)
            throws IOException, InterruptedException {
        Histogram ping = tcpPing(tcpServer, token, sockets);
        Histogram echo = bareEcho();
        return new Floor(us(ping.getValueAtPercentile(50)), us(ping.getValueAtPercentile(99)),
                us(echo.getValueAtPercentile(50)), us(echo.getValueAtPercentile(99)), roundTrips);
    }

    private Histogram tcpPing(InetSocketAddress server, String token, javax.net.SocketFactory sockets) throws IOException {
        Histogram rtt = new Histogram(3);
        try (Socket socket = sockets.createSocket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(5_000);
            socket.connect(server, 5_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            write(out, Frames.hello(0, token));
            if (readFrame(in)[0] != FrameType.WELCOME) {
                throw new IOException("the TCP server did not answer HELLO with WELCOME");
            }
            byte[] ping = new byte[13];
            for (int i = 0; i < roundTrips; i++) {
                ByteBuffer frame = Frames.ping(i);
                frame.get(ping);
                long start = clock.nanoTime();
                out.write(ping);
                byte[] pong = readFrame(in);
                rtt.recordValue(clock.nanoTime() - start);
                if (pong[0] != FrameType.PONG) {
                    throw new IOException("expected PONG, got " + FrameType.name(pong[0]));
                }
            }
        }
        return rtt;
    }

    private Histogram bareEcho() throws IOException, InterruptedException {
        Histogram rtt = new Histogram(3);
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket peer = listener.accept()) {
                    peer.setTcpNoDelay(true);
                    InputStream in = peer.getInputStream();
                    OutputStream out = peer.getOutputStream();
                    byte[] buffer = new byte[13];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                    }
                } catch (IOException e) {
                    // The measuring side closed.
                }
            }, "deliverybench-echo");
            echo.setDaemon(true);
            echo.start();
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                socket.connect(listener.getLocalSocketAddress(), 5_000);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] message = new byte[13];
                for (int i = 0; i < roundTrips; i++) {
                    long start = clock.nanoTime();
                    out.write(message);
                    int got = 0;
                    while (got < message.length) {
                        int n = in.read(message, got, message.length - got);
                        if (n < 0) {
                            throw new IOException("echo closed");
                        }
                        got += n;
                    }
                    rtt.recordValue(clock.nanoTime() - start);
                }
            }
            echo.join(1_000);
        }
        return rtt;
    }

    private static void write(OutputStream out, ByteBuffer frame) throws IOException {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        out.write(bytes);
    }

    /** Reads one frame; returns type followed by payload. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    private static double us(long ns) {
        return ns / 1_000.0;
    }
}
