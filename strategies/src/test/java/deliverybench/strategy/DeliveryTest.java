package deliverybench.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.protocol.FrameType;
import deliverybench.testkit.TcpTestClient;
import deliverybench.testkit.TestServer;
import deliverybench.testkit.WsTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every strategy delivers everything, in order, to every device, and resumes from {@code after} without a gap. */
class DeliveryTest {

    private static final int COUNT = 1_000;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends "message N" for N from {@code first} to {@code last}; the inbox must be at {@code first - 1}. */
    private static void sendAll(String to, int first, int last) {
        for (int i = first; i <= last; i++) {
            server.sendMessage("sender", to, "message " + i);
        }
    }

    private static void assertInOrder(List<Long> seqs, long first, long last) {
        List<Long> expected = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            expected.add(seq);
        }
        assertEquals(expected, seqs);
    }

    /** Polls (short, or long when {@code wait > 0}) from {@code after} until {@code until} is reached. */
    private static List<Long> pollUntil(String user, long after, long until, int wait) {
        List<Long> seqs = new ArrayList<>();
        long next = after;
        int polls = 0;
        while (next < until && polls++ < 10_000) {
            String query = "/messages?after=" + next + (wait > 0 ? "&wait=" + wait : "");
            HttpResponse<String> response = server.get(query, server.token(user));
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = TestServer.parse(response.body());
            for (JsonNode message : body.get("messages")) {
                seqs.add(message.get("seq").asLong());
                assertEquals("sender", message.get("from").asText());
                assertEquals("message " + message.get("seq").asLong(), message.get("body").asText());
            }
            next = body.get("next").asLong();
        }
        return seqs;
    }

    @Test
    void shortPollGetsAThousandInOrderAndResumes() {
        sendAll("sp-user", 1, COUNT);
        assertInOrder(pollUntil("sp-user", 0, COUNT, 0), 1, COUNT);
        // A client that stopped at 600 resumes with after=600 and gets exactly 601..1000.
        assertInOrder(pollUntil("sp-user", 600, COUNT, 0), 601, COUNT);
    }

    @Test
    void longPollGetsAThousandInOrderWhileTheyAreSent() throws Exception {
        Thread sender = new Thread(() -> sendAll("lp-user", 1, COUNT));
        sender.start();
        List<Long> seqs = pollUntil("lp-user", 0, COUNT, 5);
        sender.join();
        assertInOrder(seqs, 1, COUNT);
        assertInOrder(pollUntil("lp-user", 990, COUNT, 5), 991, COUNT);
    }

    @Test
    void webSocketTwoDevicesGetEverythingInOrderAndAResumeGetsWhatItMissed() throws Exception {
        WsTestClient phone = WsTestClient.connect(server.wsUri("/ws?after=0"), server.token("ws-user"));
        WsTestClient laptop = WsTestClient.connect(server.wsUri("/ws?after=0&token=" + server.token("ws-user")), null);
        sendAll("ws-user", 1, COUNT / 2);
        assertInOrder(seqs(phone.take(COUNT / 2, 10_000)), 1, COUNT / 2);
        phone.closeBlocking();
        sendAll("ws-user", COUNT / 2 + 1, COUNT);
        assertInOrder(seqs(laptop.take(COUNT, 10_000)), 1, COUNT);
        WsTestClient resumed = WsTestClient.connect(server.wsUri("/ws?after=" + COUNT / 2), server.token("ws-user"));
        assertInOrder(seqs(resumed.take(COUNT / 2, 10_000)), COUNT / 2 + 1, COUNT);
        laptop.closeBlocking();
        resumed.closeBlocking();
    }

    @Test
    void tcpTwoDevicesGetEverythingInOrderAndAResumeGetsWhatItMissed() throws Exception {
        try (TcpTestClient phone = new TcpTestClient(server.server.tcpPort());
             TcpTestClient laptop = new TcpTestClient(server.server.tcpPort())) {
            assertEquals(0, phone.hello(0, server.token("tcp-user")));
            assertEquals(0, laptop.hello(0, server.token("tcp-user")));
            sendAll("tcp-user", 1, COUNT);
            assertInOrder(tcpSeqs(phone, COUNT), 1, COUNT);
            assertInOrder(tcpSeqs(laptop, COUNT), 1, COUNT);
        }
        try (TcpTestClient resumed = new TcpTestClient(server.server.tcpPort())) {
            assertEquals(COUNT, resumed.hello(700, server.token("tcp-user")));
            assertInOrder(tcpSeqs(resumed, COUNT - 700), 701, COUNT);
        }
    }

    @Test
    void longPollTwoDevicesBothGetTheMessage() throws Exception {
        List<Long> first = new ArrayList<>();
        Thread other = new Thread(() -> first.addAll(pollUntil("lp-two", 0, 1, 10)));
        other.start();
        Thread.sleep(200);
        server.sendMessage("sender", "lp-two", "message 1");
        List<Long> second = pollUntil("lp-two", 0, 1, 10);
        other.join();
        assertEquals(List.of(1L), first);
        assertEquals(List.of(1L), second);
    }

    static List<Long> seqs(List<JsonNode> messages) {
        List<Long> seqs = new ArrayList<>();
        for (JsonNode message : messages) {
            seqs.add(message.get("seq").asLong());
            assertEquals("message " + message.get("seq").asLong(), message.get("body").asText());
        }
        return seqs;
    }

    static List<Long> tcpSeqs(TcpTestClient client, int count) throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TcpTestClient.Frame frame = client.read();
            assertEquals(FrameType.MSG, frame.type(), () -> "frame " + FrameType.name(frame.type()));
            assertEquals("sender", frame.msgFrom());
            assertEquals("message " + frame.msgSeq(), frame.msgBody());
            seqs.add(frame.msgSeq());
        }
        return seqs;
    }
}
