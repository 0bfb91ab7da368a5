package deliverybench.strategy.xmpp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A non-blocking reader of one XMPP stream, fed bytes as they arrive: the stream header, then each
 * top-level element (stanza or nonza) whole, then the stream's end. It reads only what RFC 6120
 * section 11 allows: no DTD, no entity declaration or reference beyond the five predefined and
 * character references, no comment, no processing instruction but the XML declaration, no CDATA.
 * Every bound is checked before the bytes it guards are kept, and the buffer grows only with bytes
 * that arrived.
 */
public final class XmlStreamReader {

    /** What the reader found. */
    public interface Handler {
        void streamOpened(XmlElement header) throws XmlException;

        void element(XmlElement element) throws XmlException;

        void streamClosed() throws XmlException;
    }

    /** The most bytes one top-level element (or the stream header) may take on the wire. */
    public static final int MAX_STANZA_BYTES = 131_072;
    /** The deepest nesting, the stream element counting as 1: stream, message, body, and room for errors. */
    public static final int MAX_DEPTH = 8;
    public static final int MAX_ATTRIBUTES = 16;
    /** The longest element or attribute name, in bytes. */
    public static final int MAX_NAME_BYTES = 64;
    static final String STREAM = "stream:stream";
    private static final int INITIAL_BYTES = 512;

    private final Handler handler;
    private final XmlText values = new XmlText();
    private byte[] buffer = new byte[INITIAL_BYTES];
    private int start;
    private int end;
    // Where the search for the current token's end goes on, and whether it stopped inside a quoted value.
    private int scan;
    private byte quote;
    private boolean streamOpen;
    private boolean declarationAllowed = true;
    private boolean ended;
    private final ArrayDeque<XmlElement> open = new ArrayDeque<>();
    // Bytes of the current top-level element consumed so far, and of the last one read whole.
    private long elementBytes;
    private long lastElementBytes;

    public XmlStreamReader(Handler handler) {
        this.handler = handler;
    }

    /** Starts over for a new stream (after SASL success, RFC 6120 6.4.6); bytes already buffered are kept. */
    public void restart() {
        streamOpen = false;
        declarationAllowed = true;
        open.clear();
        elementBytes = 0;
        ended = false;
    }

    /** The bytes the buffer holds room for now: it grows with what arrives, up to the stanza bound. */
    public int capacity() {
        return buffer.length;
    }

    /** The bytes the top-level element last handed to the handler took on the wire. */
    public long lastElementBytes() {
        return lastElementBytes;
    }

    /** The bytes buffered and not yet read as a whole token. */
    public int buffered() {
        return end - start;
    }

    /** Reads all of {@code bytes}, calling the handler for what is complete; throws at the first refused byte. */
    public void feed(ByteBuffer bytes) throws XmlException {
        while (bytes.hasRemaining() && !ended) {
            room();
            int n = Math.min(bytes.remaining(), buffer.length - end);
            bytes.get(buffer, end, n);
            end += n;
            parse();
        }
    }

    public void feed(byte[] bytes, int offset, int length) throws XmlException {
        feed(ByteBuffer.wrap(bytes, offset, length));
    }

    private void room() throws XmlException {
        if (end < buffer.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            scan -= start;
            end -= start;
            start = 0;
            if (end < buffer.length) {
                return;
            }
        }
        if (buffer.length >= MAX_STANZA_BYTES) {
            throw tooLarge();
        }
        buffer = java.util.Arrays.copyOf(buffer, Math.min(MAX_STANZA_BYTES, buffer.length * 2));
    }

    private XmlException tooLarge() {
        return new XmlException("policy-violation", "an element over " + MAX_STANZA_BYTES + " bytes");
    }

    private void parse() throws XmlException {
        while (start < end && !ended) {
            scan = Math.max(scan, start);
            int tokenEnd;
            if (buffer[start] == '<') {
                if (end - start >= 2 && buffer[start + 1] == '!') {
                    throw new XmlException("restricted-xml", "no DTD, entity declaration, comment or CDATA section");
                }
                tokenEnd = tagEnd();
                if (tokenEnd < 0) {
                    checkPending();
                    return;
                }
                int tokenStart = start;
                start = tokenEnd + 1;
                count(start - tokenStart);
                tag(tokenStart, tokenEnd);
            } else {
                tokenEnd = indexOf((byte) '<');
                if (tokenEnd < 0) {
                    scan = end;
                    checkPending();
                    return;
                }
                int tokenStart = start;
                start = tokenEnd;
                count(start - tokenStart);
                text(tokenStart, tokenEnd);
            }
        }
    }

    private void count(int bytes) throws XmlException {
        elementBytes += bytes;
        if (elementBytes > MAX_STANZA_BYTES) {
            throw tooLarge();
        }
    }

    private void checkPending() throws XmlException {
        if (elementBytes + (end - start) > MAX_STANZA_BYTES) {
            throw tooLarge();
        }
    }

    /** The index of the {@code >} that ends the tag at {@code start}, or -1 while it has not arrived. */
    private int tagEnd() {
        for (int i = scan; i < end; i++) {
            byte b = buffer[i];
            if (quote != 0) {
                if (b == quote) {
                    quote = 0;
                }
            } else if (b == '"' || b == '\'') {
                quote = b;
            } else if (b == '>') {
                scan = i + 1;
                return i;
            }
        }
        scan = end;
        return -1;
    }

    private int indexOf(byte wanted) {
        for (int i = scan; i < end; i++) {
            if (buffer[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private void text(int from, int to) throws XmlException {
        if (open.isEmpty()) {
            for (int i = from; i < to; i++) {
                byte b = buffer[i];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    throw new XmlException("not-well-formed", "text outside a stanza");
                }
            }
            // Whitespace between stanzas (a keep-alive) belongs to no element.
            elementBytes = 0;
            return;
        }
        open.peek().append(values.decode(buffer, from, to));
    }

    /** The tag between {@code <} at {@code from} and {@code >} at {@code to}. */
    private void tag(int from, int to) throws XmlException {
        byte second = to - from > 1 ? buffer[from + 1] : 0;
        if (second == '?') {
            declaration(from, to);
            return;
        }
        declarationAllowed = false;
        if (second == '/') {
            endTag(from + 2, to);
            return;
        }
        boolean empty = buffer[to - 1] == '/';
        int limit = empty ? to - 1 : to;
        int i = from + 1;
        int nameEnd = nameEnd(i, limit);
        String name = values.decode(buffer, i, nameEnd);
        Map<String, String> attributes = attributes(nameEnd, limit);
        startTag(new XmlElement(name, attributes), empty);
    }

    private void declaration(int from, int to) throws XmlException {
        if (!declarationAllowed || streamOpen || buffer[to - 1] != '?' || !startsWith(from, to, "<?xml")) {
            throw new XmlException("restricted-xml", "no processing instruction but the XML declaration before the stream");
        }
        declarationAllowed = false;
        elementBytes = 0;
    }

    private boolean startsWith(int from, int to, String prefix) {
        if (to - from < prefix.length() + 1) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (buffer[from + k] != prefix.charAt(k)) {
                return false;
            }
        }
        byte after = buffer[from + prefix.length()];
        return after == ' ' || after == '?' || after == '\t' || after == '\n' || after == '\r';
    }

    private void startTag(XmlElement element, boolean empty) throws XmlException {
        if (!streamOpen) {
            if (!element.name().equals(STREAM) || empty) {
                throw new XmlException("not-well-formed", "a stream must open with <stream:stream>, got <" + element.name() + ">");
            }
            streamOpen = true;
            elementBytes = 0;
            handler.streamOpened(element);
            return;
        }
        if (open.size() + 2 > MAX_DEPTH) {
            throw new XmlException("policy-violation", "elements nested deeper than " + MAX_DEPTH);
        }
        if (!open.isEmpty()) {
            open.peek().add(element);
        }
        if (empty) {
            if (open.isEmpty()) {
                lastElementBytes = elementBytes;
                elementBytes = 0;
                handler.element(element);
            }
        } else {
            open.push(element);
        }
    }

    private void endTag(int from, int to) throws XmlException {
        int nameEnd = nameEnd(from, to);
        for (int i = nameEnd; i < to; i++) {
            if (!space(buffer[i])) {
                throw new XmlException("not-well-formed", "junk in an end tag");
            }
        }
        String name = values.decode(buffer, from, nameEnd);
        if (open.isEmpty()) {
            if (!streamOpen || !name.equals(STREAM)) {
                throw new XmlException("not-well-formed", "</" + name + "> closes nothing open");
            }
            ended = true;
            handler.streamClosed();
            return;
        }
        XmlElement element = open.pop();
        if (!element.name().equals(name)) {
            throw new XmlException("not-well-formed", "</" + name + "> closes <" + element.name() + ">");
        }
        if (open.isEmpty()) {
            lastElementBytes = elementBytes;
            elementBytes = 0;
            handler.element(element);
        }
    }

    /** Where the name starting at {@code from} ends; refuses an empty, over-long or ill-made name. */
    private int nameEnd(int from, int limit) throws XmlException {
        int i = from;
        while (i < limit && nameByte(buffer[i])) {
            i++;
        }
        if (i == from || i - from > MAX_NAME_BYTES) {
            throw new XmlException(i == from ? "not-well-formed" : "policy-violation",
                    i == from ? "a tag without a name" : "a name over " + MAX_NAME_BYTES + " bytes");
        }
        byte first = buffer[from];
        if (first == '-' || first == '.' || (first >= '0' && first <= '9')) {
            throw new XmlException("not-well-formed", "a name cannot start with " + (char) first);
        }
        return i;
    }

    private Map<String, String> attributes(int from, int limit) throws XmlException {
        Map<String, String> attributes = new LinkedHashMap<>();
        int i = from;
        while (true) {
            int before = i;
            while (i < limit && space(buffer[i])) {
                i++;
            }
            if (i == limit) {
                return attributes;
            }
            if (i == before) {
                throw new XmlException("not-well-formed", "attributes must be separated by white space");
            }
            if (attributes.size() == MAX_ATTRIBUTES) {
                throw new XmlException("policy-violation", "more than " + MAX_ATTRIBUTES + " attributes");
            }
            int nameEnd = nameEnd(i, limit);
            String key = values.decode(buffer, i, nameEnd);
            i = nameEnd;
            while (i < limit && space(buffer[i])) {
                i++;
            }
            if (i == limit || buffer[i] != '=') {
                throw new XmlException("not-well-formed", "attribute " + key + " has no value");
            }
            i++;
            while (i < limit && space(buffer[i])) {
                i++;
            }
            if (i == limit || (buffer[i] != '"' && buffer[i] != '\'')) {
                throw new XmlException("not-well-formed", "attribute " + key + " is not quoted");
            }
            byte q = buffer[i];
            int valueStart = ++i;
            while (i < limit && buffer[i] != q) {
                if (buffer[i] == '<') {
                    throw new XmlException("not-well-formed", "< in an attribute value");
                }
                i++;
            }
            if (i == limit) {
                throw new XmlException("not-well-formed", "attribute " + key + " is not closed");
            }
            if (attributes.put(key, values.decode(buffer, valueStart, i)) != null) {
                throw new XmlException("not-well-formed", "attribute " + key + " given twice");
            }
            i++;
        }
    }

    private static boolean space(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean nameByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == ':' || b == '_' || b == '-' || b == '.' || b < 0;
    }
}
