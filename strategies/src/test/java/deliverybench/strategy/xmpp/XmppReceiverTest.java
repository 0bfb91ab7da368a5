package deliverybench.strategy.xmpp;

import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.core.ServerConfig;
import deliverybench.core.limits.ConnectionLimits;
import deliverybench.testkit.CollectingDevice;
import deliverybench.testkit.TestServer;
import io.undertow.server.DefaultByteBufferPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver's XMPP device: its handshake fits the server's hello timeout however slow each round trip. */
class XmppReceiverTest {

    private static final long HELLO_TIMEOUT_MS = 1_500;
    // Five lock-step round trips at this delay take 2.25 s, past the timeout; one takes 0.45 s.
    private static final long SERVER_TO_CLIENT_DELAY_MS = 450;
    private static TestServer server;
    private static XnioWorker worker;

    @BeforeAll
    static void start() throws Exception {
        ConnectionLimits limits = ConnectionLimits.DEFAULT;
        server = new TestServer(ServerConfig.forTests(TestServer.SECRET).withConnectionLimits(new ConnectionLimits(
                limits.handshakesPerAddress(), HELLO_TIMEOUT_MS, limits.requestTimeoutMs(), limits.idleTimeoutMs(),
                limits.bodyBufferBytes())));
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
        server.close();
    }

    private static ClientContext contextFor(int xmppPort) {
        return new ClientContext(worker, new DefaultByteBufferPool(false, 16 * 1024),
                URI.create("http://127.0.0.1:" + server.server.httpPort()), Map.of(XmppPush.LISTENER, xmppPort), 50, 5, true);
    }

    @Test
    void sendsTheWholeHandshakeBeforeHearingAnything() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Receiver receiver = new XmppPush().receiver(contextFor(silent.getLocalPort()), new CollectingDevice(),
                    server.token("x-pipe"), 7);
            receiver.start();
            try (Socket socket = silent.accept()) {
                String sent = readFor(socket, Duration.ofSeconds(2), "<enable");
                assertTrue(sent.matches("(?s)<\\?xml[^>]*\\?><stream:stream[^>]*><auth [^>]*>[^<]+</auth>"
                        + "<\\?xml[^>]*\\?><stream:stream[^>]*><iq type='set' id='bind-1'>.*</iq>"
                        + "<enable xmlns='urn:xmpp:sm:3' resume='true'/>"), sent);
            } finally {
                receiver.close();
            }
        }
    }

    @Test
    void connectsAndReceivesOverALinkWhoseRoundTripsWouldOutlastTheHelloTimeout() throws Exception {
        try (DelayingProxy proxy = new DelayingProxy(server.server.port(XmppPush.LISTENER), SERVER_TO_CLIENT_DELAY_MS)) {
            ClientContext context = contextFor(proxy.port());
            CollectingDevice device = new CollectingDevice();
            Receiver receiver = new XmppPush().receiver(context, device, server.token("x-slow"), 3);
            receiver.start();
            try {
                for (int i = 1; i <= 5; i++) {
                    server.sendMessage("x-from", "x-slow", "m" + i);
                }
                device.assertReceivedInOrder(5, "over a slow link");
                // Past two hello timeouts: a stream that had not bound would have been closed by now.
                Thread.sleep(2 * HELLO_TIMEOUT_MS);
                assertEquals(0, context.errors(), "stream errors");
                assertEquals(0, context.reconnects(), "reconnects");
            } finally {
                receiver.close();
            }
        }
    }

    /** Reads what the client writes until {@code marker} has come or {@code wait} has passed. */
    private static String readFor(Socket socket, Duration wait, String marker) throws Exception {
        socket.setSoTimeout(100);
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] chunk = new byte[4096];
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && seen.indexOf(marker) < 0) {
            try {
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                seen.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
            } catch (SocketTimeoutException e) {
                // Nothing yet: read again until the deadline.
            }
        }
        return seen.toString();
    }
}
