package deliverybench.link;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay on real loopback sockets against an echo server: bytes through, delayed, and forgotten by the NAT. */
class LinkRelayTest {

    private ServerSocket echo;
    private Thread echoThread;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // the client went
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        echoThread.setDaemon(true);
        echoThread.start();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    private InetSocketAddress server() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort());
    }

    private static byte[] roundTrip(Socket s, byte[] data) throws IOException {
        s.getOutputStream().write(data);
        return s.getInputStream().readNBytes(data.length);
    }

    @Test
    void loopbackCarriesBytesInOrderAndCloses() throws IOException {
        try (LinkRelay relay = new LinkRelay(0, 1)) {
            InetSocketAddress at = relay.listen(server(), LinkProfile.parse("loopback"));
            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                byte[] big = new byte[1 << 20];
                for (int i = 0; i < big.length; i++) {
                    big[i] = (byte) (i * 31);
                }
                Thread writer = new Thread(() -> {
                    try {
                        s.getOutputStream().write(big);
                        s.shutdownOutput();
                    } catch (IOException ignored) {
                        // the test fails on what it reads
                    }
                });
                writer.start();
                assertArrayEquals(big, s.getInputStream().readAllBytes());
            }
            assertEquals(1, relay.connections());
        }
    }

    @Test
    void aRoundTripTakesTheProfilesRtt() throws IOException {
        try (LinkRelay relay = new LinkRelay(0, 1)) {
            InetSocketAddress at = relay.listen(server(), LinkProfile.parse("rtt=100ms"));
            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                roundTrip(s, "warm".getBytes(StandardCharsets.US_ASCII));
                long start = System.nanoTime();
                roundTrip(s, "ping".getBytes(StandardCharsets.US_ASCII));
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms >= 100 && ms < 400, "round trip " + ms + " ms on a 100 ms link");
            }
        }
    }

    @Test
    void anIdleConnectionIsForgottenSilently() throws IOException, InterruptedException {
        try (LinkRelay relay = new LinkRelay(200_000_000L, 1)) {
            InetSocketAddress at = relay.listen(server(), LinkProfile.parse("loopback"));
            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                s.setSoTimeout(500);
                assertEquals("a", new String(roundTrip(s, "a".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII));
                Thread.sleep(400);
                assertEquals(1, relay.natDrops());
                // No FIN, no RST: the write succeeds, and the answer never comes (a timeout, not an end of stream).
                s.getOutputStream().write('b');
                InputStream in = s.getInputStream();
                assertThrows(SocketTimeoutException.class, in::read);
                assertTrue(!s.isClosed());
            }
        }
    }
}
