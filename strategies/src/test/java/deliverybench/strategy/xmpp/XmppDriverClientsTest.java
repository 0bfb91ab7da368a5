package deliverybench.strategy.xmpp;

import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.client.SendLink;
import deliverybench.testkit.Await;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver's XMPP clients: a device's handshake fits the hello timeout on a slow link; a send link is answered by id and seq. */
class XmppDriverClientsTest {

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

    @Test
    void aSendLinkIsAnsweredWithEachSendsSeqAndARefusalByItsId() throws Exception {
        ClientContext context = contextFor(server.server.port(XmppPush.LISTENER));
        CollectingDevice device = new CollectingDevice();
        Receiver receiver = new XmppPush().receiver(context, device, server.token("x-rcpt2"), 5);
        receiver.start();
        List<long[]> sent = new CopyOnWriteArrayList<>();
        List<String> refused = new CopyOnWriteArrayList<>();
        SendLink[] opened = new SendLink[1];
        boolean[] closed = new boolean[1];
        SendLink link = new XmppPush().sendLink(context, server.token("x-sender2"), new SendLink.Listener() {
            @Override
            public void opened(SendLink l) {
                opened[0] = l;
            }

            @Override
            public void sent(long id, long seq) {
                sent.add(new long[]{id, seq});
            }

            @Override
            public void refused(long id, int status, String error) {
                refused.add(id + " " + status);
            }

            @Override
            public void closed(SendLink l) {
                closed[0] = true;
            }
        });
        try {
            Await.until(() -> opened[0] != null, TestServer.WAIT, "the send link's <enabled/>");
            link.thread().execute(() -> {
                for (long id = 1; id <= 20; id++) {
                    link.send(id, id == 7 ? "not a user!" : "x-rcpt2", "body " + id + " <&>");
                }
                link.send(21, "x-rcpt2", "x".repeat(70_000));
            });
            Await.until(() -> sent.size() == 19 && refused.size() == 2, TestServer.WAIT,
                    () -> "answers: " + sent.size() + " sent, refused " + refused);
            assertEquals(List.of("7 400", "21 413"), refused);
            for (int i = 0; i < 19; i++) {
                long expectedId = i < 6 ? i + 1 : i + 2;
                assertEquals(expectedId, sent.get(i)[0], "ids in order");
                assertEquals(i + 1, sent.get(i)[1], "seqs in order");
            }
            device.assertReceivedInOrder(19, "the sends, at the recipient");
            assertTrue(!closed[0], "the link stays open after refusals");
        } finally {
            link.close();
            receiver.close();
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
