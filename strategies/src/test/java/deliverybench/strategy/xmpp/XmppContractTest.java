package deliverybench.strategy.xmpp;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.ServerConfig;
import deliverybench.core.limits.ConnectionLimits;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract's XMPP section, spoken by a client that shares no code with the server (RFC 6120 examples, XEP-0198). */
class XmppContractTest {

    private static final long AUTH_TIMEOUT_MS = 1_500;
    private static TestServer server;
    private static int port;

    @BeforeAll
    static void start() {
        ConnectionLimits limits = ConnectionLimits.DEFAULT;
        server = new TestServer(ServerConfig.forTests(TestServer.SECRET).withConnectionLimits(new ConnectionLimits(
                limits.handshakesPerAddress(), AUTH_TIMEOUT_MS, limits.requestTimeoutMs(), limits.idleTimeoutMs(),
                limits.bodyBufferBytes())));
        port = server.server.port(XmppPush.LISTENER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBadTokenIsNotAuthorizedAndClosed() throws Exception {
        try (RawXmppClient client = new RawXmppClient(port)) {
            client.authenticateExpectingFailure("x-bad", "not-a-token");
        }
        try (RawXmppClient client = new RawXmppClient(port)) {
            // A good token for another user is no better.
            client.authenticateExpectingFailure("x-other", server.token("x-someone"));
        }
    }

    @Test
    void deliversInOrderAsTheContractSpellsIt() throws Exception {
        try (RawXmppClient client = new RawXmppClient(port)) {
            client.authenticate("x-order", server.token("x-order"));
            client.bindAndEnable("x-order", "phone");
            for (int i = 1; i <= 50; i++) {
                server.sendMessage("x-from", "x-order", "m" + i + " <&>");
            }
            for (int i = 1; i <= 50; i++) {
                client.expect("<message from='x-from@deliverybench' to='x-order@deliverybench/phone' id='" + i
                        + "' type='chat'><body>m" + i + " &lt;&amp;&gt;</body></message>");
            }
            client.write("<r xmlns='urn:xmpp:sm:3'/>");
            client.expect("<a xmlns='urn:xmpp:sm:3' h='0'/>");
        }
    }

    @Test
    void acksThenResumesWithoutLoss() throws Exception {
        String previd;
        try (RawXmppClient client = new RawXmppClient(port)) {
            client.authenticate("x-resume", server.token("x-resume"));
            previd = client.bindAndEnable("x-resume", "tablet");
            for (int i = 1; i <= 5; i++) {
                server.sendMessage("x-from", "x-resume", "m" + i);
                client.expect("id='" + i + "' type='chat'><body>m" + i + "</body>");
            }
            client.write("<a xmlns='urn:xmpp:sm:3' h='3'/>");
            JsonNode xmpp = awaitUnacked(2);
            assertEquals(2, xmpp.get("unacked_messages").asLong());
        }
        server.sendMessage("x-from", "x-resume", "m6");
        try (RawXmppClient client = new RawXmppClient(port)) {
            client.authenticate("x-resume", server.token("x-resume"));
            client.write("<resume xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='3'/>");
            client.expect("<resumed xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='0'");
            for (int i = 4; i <= 6; i++) {
                client.expect("<message from='x-from@deliverybench' to='x-resume@deliverybench/tablet' id='" + i
                        + "' type='chat'><body>m" + i + "</body></message>");
            }
            // A stream ended with </stream:stream> is over (XEP-0198 section 5): it cannot be resumed.
            client.write("<a xmlns='urn:xmpp:sm:3' h='3'/></stream:stream>");
            client.expect("</stream:stream>");
        }
        try (RawXmppClient client = new RawXmppClient(port)) {
            // Its id is unknown now, and a new stream starts over.
            client.authenticate("x-resume", server.token("x-resume"));
            client.write("<resume xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='6'/>");
            client.expect("<failed xmlns='urn:xmpp:sm:3'><item-not-found");
            client.bindAndEnable("x-resume", "tablet");
            client.expect("id='1' type='chat'><body>m1</body>");
        }
    }

    private static JsonNode awaitUnacked(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode xmpp;
        do {
            xmpp = server.stats().get("xmpp");
            if (xmpp.get("unacked_messages").asLong() == expected) {
                return xmpp;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return xmpp;
    }

    @Test
    void sendsAreStoredAndCountedAndBadOnesRefusedById() throws Exception {
        try (RawXmppClient client = new RawXmppClient(port)) {
            client.authenticate("x-sender", server.token("x-sender"));
            client.bindAndEnable("x-sender", "laptop");
            JsonNode before = server.stats().path("send");
            String stanza = "<message to='x-rcpt@deliverybench' id='s1' type='chat'><body>hello &amp; bye</body></message>";
            client.write(stanza);
            String ack = client.expect("<a xmlns='urn:xmpp:sm:3' h='1' id='s1' seq='1'/>").group();
            // The send and its answer are booked as send bytes, not as the delivery's.
            JsonNode after = server.stats().path("send");
            assertEquals(stanza.length(), after.path("bytes_in").asLong() - before.path("bytes_in").asLong());
            assertEquals(ack.length(), after.path("bytes_out").asLong() - before.path("bytes_out").asLong());
            client.write("<message to='not a user!@deliverybench' id='s2'><body>x</body></message>");
            Matcher refusal = client.expect("<message type='error' id='s2'[^>]*><error type='modify'><bad-request");
            assertTrue(refusal.group().contains("s2"));
            client.write("<message to='x-rcpt@elsewhere' id='s3'><body>x</body></message>");
            client.expect("<message type='error' id='s3'");
            client.write("<r xmlns='urn:xmpp:sm:3'/>");
            client.expect("<a xmlns='urn:xmpp:sm:3' h='3'/>");
        }
        JsonNode polled = TestServer.parse(server.get("/messages?after=0", server.token("x-rcpt")).body());
        assertEquals(1, polled.get("messages").size());
        assertEquals("hello & bye", polled.get("messages").get(0).get("body").asText());
        assertEquals("x-sender", polled.get("messages").get(0).get("from").asText());
    }

    @Test
    void xxeIsRestrictedXml() throws Exception {
        assertStreamError("<?xml version='1.0'?><!DOCTYPE foo [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                + RawXmppClient.HEADER.substring("<?xml version='1.0'?>".length()), "restricted-xml");
    }

    @Test
    void billionLaughsIsRestrictedXml() throws Exception {
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" '&lol").append(i - 1).append(";&lol").append(i - 1).append(";'>");
        }
        assertStreamError(dtd + "]>", "restricted-xml");
        // Without the DTD, a reference to an undeclared entity is refused just the same.
        assertStreamError(RawXmppClient.HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>&lol9;</auth>",
                "restricted-xml");
    }

    @Test
    void overLongStanzaDeepNestingAndTooManyBytesBeforeAuthAreRefused() throws Exception {
        assertStreamError(RawXmppClient.HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + "A".repeat(XmppConnection.MAX_BYTES_BEFORE_AUTH) + "</auth>", "policy-violation");
        try (RawXmppClient client = new RawXmppClient(port)) {
            client.authenticate("x-big", server.token("x-big"));
            client.bindAndEnable("x-big", "phone");
            client.write("<message to='x-rcpt@deliverybench'><body>" + "b".repeat(XmlStreamReader.MAX_STANZA_BYTES) + "</body></message>");
            client.expect("<stream:error><policy-violation");
            assertTrue(client.closedByServer());
        }
        try (RawXmppClient client = new RawXmppClient(port)) {
            client.authenticate("x-deep", server.token("x-deep"));
            client.write("<a>".repeat(XmlStreamReader.MAX_DEPTH));
            client.expect("<stream:error><policy-violation");
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aSlowlorisStreamTimesOut() throws Exception {
        try (RawXmppClient client = new RawXmppClient(port)) {
            long started = System.nanoTime();
            // One byte every 200 ms: the header never completes within the auth timeout.
            try {
                for (char c : RawXmppClient.HEADER.toCharArray()) {
                    client.write(String.valueOf(c));
                    Thread.sleep(200);
                }
            } catch (java.io.IOException closed) {
                // The server gave up on us, as it should: what it said is read below.
            }
            client.expect("<stream:error><connection-timeout");
            assertTrue(client.closedByServer());
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs >= AUTH_TIMEOUT_MS && tookMs < AUTH_TIMEOUT_MS + 5_000, "closed after " + tookMs + " ms");
        }
    }

    @Test
    void aStreamErrorAfterTheRestartFollowsANewHeader() throws Exception {
        try (RawXmppClient client = new RawXmppClient(port)) {
            client.write(RawXmppClient.HEADER);
            client.expect("<mechanism>PLAIN</mechanism>");
            client.write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + java.util.Base64.getEncoder()
                    .encodeToString(("\0x-late\0" + server.token("x-late")).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "</auth>");
            client.expect("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
            // No new header from us: the server's error must open its new stream first (RFC 6120 4.9.1.2).
            client.expect("<\\?xml[^>]*\\?><stream:stream [^>]*from='deliverybench'[^>]*><stream:error><connection-timeout");
        }
    }

    private static void assertStreamError(String stream, String condition) throws Exception {
        try (RawXmppClient client = new RawXmppClient(port)) {
            client.write(stream);
            client.expect("<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
            client.expect("</stream:stream>");
            assertTrue(client.closedByServer(), "the server must close after the stream error");
        }
    }
}
