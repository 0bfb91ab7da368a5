package deliverybench.strategy.xmpp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that writes stanzas as RFC 6120's examples spell them over a plain socket and reads the
 * answers as text: it shares no code with the server, so that the two are checked against the RFC.
 */
final class RawXmppClient implements AutoCloseable {

    static final String HEADER = "<?xml version='1.0'?><stream:stream to='deliverybench' version='1.0' "
            + "xml:lang='en' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder seen = new StringBuilder();
    private int consumed;

    RawXmppClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void write(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits for text matching {@code regex} after what earlier calls consumed; returns the match. */
    Matcher expect(String regex) throws IOException {
        Pattern pattern = Pattern.compile(regex, Pattern.DOTALL);
        byte[] chunk = new byte[8192];
        while (true) {
            Matcher matcher = pattern.matcher(seen);
            if (matcher.find(consumed)) {
                consumed = matcher.end();
                return matcher;
            }
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no " + regex + " within 10 s; the server sent: " + seen.substring(consumed));
            } catch (java.net.SocketException e) {
                n = -1;
            }
            if (n < 0) {
                throw new AssertionError("closed before " + regex + "; the server sent: " + seen.substring(consumed));
            }
            seen.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
        }
    }

    /** Reads until the server closes; true when it did within the socket timeout. */
    boolean closedByServer() throws IOException {
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                seen.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            // A reset: the server closed with our unread bytes in its buffer, a close all the same.
            return true;
        }
    }

    String rest() {
        return seen.substring(consumed);
    }

    /** RFC 6120 6.4 with SASL PLAIN (RFC 4616): header, features, auth, success, restart, features. */
    void authenticate(String user, String token) throws IOException {
        write(HEADER);
        expect("<stream:stream [^>]*from='deliverybench'[^>]*>");
        expect("<mechanism>PLAIN</mechanism>");
        write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString(("\0" + user + "\0" + token).getBytes(StandardCharsets.UTF_8)) + "</auth>");
        expect("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        write(HEADER);
        expect("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>");
    }

    /** A refused SASL PLAIN: RFC 6120 6.5.10's not-authorized, then the stream closes. */
    void authenticateExpectingFailure(String user, String token) throws IOException {
        write(HEADER);
        expect("<mechanism>PLAIN</mechanism>");
        write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString(("\0" + user + "\0" + token).getBytes(StandardCharsets.UTF_8)) + "</auth>");
        expect("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>");
        if (!closedByServer()) {
            throw new AssertionError("still open after a refused auth");
        }
    }

    /** RFC 6120 7.6 (client-submitted resource), then XEP-0198 enable with resume; returns the stream's id. */
    String bindAndEnable(String user, String resource) throws IOException {
        write("<iq id='tn281v37' type='set'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
                + "</resource></bind></iq>");
        expect("<iq type='result' id='tn281v37'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>" + user
                + "@deliverybench/" + resource + "</jid></bind></iq>");
        write("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        return expect("<enabled xmlns='urn:xmpp:sm:3' id='([0-9a-f]+)' resume='true'").group(1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
