package deliverybench.strategy.xmpp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The names and stanzas of the XMPP subset, written by the server and by the driver's client alike. */
public final class Xmpp {

    public static final String DOMAIN = "deliverybench";
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    public static final String CLIENT = "jabber:client";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    public static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static final String SM = "urn:xmpp:sm:3";
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String CLOSE = "</stream:stream>";

    private Xmpp() {
    }

    /** The stream header a client opens with (RFC 6120 4.7, example 4.3). */
    public static String clientHeader() {
        return "<?xml version='1.0'?><stream:stream to='" + DOMAIN + "' version='1.0' xml:lang='en' xmlns='"
                + CLIENT + "' xmlns:stream='" + STREAMS + "'>";
    }

    /** The server's answering header, with the stream's id. */
    public static String serverHeader(String id) {
        return "<?xml version='1.0'?><stream:stream from='" + DOMAIN + "' id='" + id + "' version='1.0' xml:lang='en' xmlns='"
                + CLIENT + "' xmlns:stream='" + STREAMS + "'>";
    }

    /**
     * A client's header, SASL PLAIN auth and the restarted stream's header, pipelined (as XEP-0305 allows a
     * client that knows the server's features); authcid is the token's subject, read unchecked: the server checks.
     */
    public static String login(String token) {
        return clientHeader() + "<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + Base64.getEncoder().encodeToString(
                ("\0" + userOf(token) + "\0" + token).getBytes(StandardCharsets.UTF_8)) + "</auth>" + clientHeader();
    }

    /** The user a token names (its subject), read without checking. */
    static String userOf(String token) {
        try {
            return com.auth0.jwt.JWT.decode(token).getSubject();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Binds {@code resource} (answered by the iq {@code bind-1}) and enables stream management. */
    public static String bindAndEnable(String resource, boolean resume) {
        return "<iq type='set' id='bind-1'><bind xmlns='" + BIND + "'><resource>" + resource
                + "</resource></bind></iq><enable xmlns='" + SM + "'" + (resume ? " resume='true'" : "") + "/>";
    }

    public static String streamError(String condition, String text) {
        return "<stream:error><" + condition + " xmlns='" + STREAM_ERRORS + "'/><text xmlns='" + STREAM_ERRORS + "'>"
                + escape(text) + "</text></stream:error>" + CLOSE;
    }

    /** A pushed message: {@code id} is its seq. */
    public static String message(String from, String toFullJid, long seq, String body) {
        return "<message from='" + from + "@" + DOMAIN + "' to='" + toFullJid + "' id='" + seq + "' type='chat'><body>"
                + escape(body) + "</body></message>";
    }

    /** A refused send: the stanza error for the HTTP status the same send would get by POST. */
    public static String messageError(String id, String to, int status, String text) {
        String type = status == 503 || status == 429 ? "wait" : "modify";
        return "<message type='error'" + (id == null ? "" : " id='" + escape(id) + "'")
                + (to == null ? "" : " from='" + escape(to) + "'") + "><error type='" + type + "'><" + condition(status)
                + " xmlns='" + STANZAS + "'/><text xmlns='" + STANZAS + "'>" + status + " " + escape(text)
                + "</text></error></message>";
    }

    private static String condition(int status) {
        return switch (status) {
            case 413 -> "policy-violation";
            case 429 -> "resource-constraint";
            case 503 -> "service-unavailable";
            default -> "bad-request";
        };
    }

    public static String ack(long h) {
        return "<a xmlns='" + SM + "' h='" + h + "'/>";
    }

    /** The ack after a stored send: the count, and (our addition, as MQTT 5's user property) its id and seq. */
    public static String sendAck(long h, String id, long seq) {
        return "<a xmlns='" + SM + "' h='" + h + "'" + (id == null ? "" : " id='" + escape(id) + "'") + " seq='" + seq + "'/>";
    }

    /** Escapes text and attribute values: the five characters XML reserves. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '\'' -> "&apos;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    public static long utf8Length(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8).length;
    }

    public static ByteBuffer bytes(String xml) {
        return ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** A long from an attribute, or -1 when absent or not a non-negative decimal. */
    public static long number(String value) {
        if (value == null || value.isEmpty() || value.length() > 19) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
