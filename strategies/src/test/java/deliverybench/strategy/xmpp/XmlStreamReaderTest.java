package deliverybench.strategy.xmpp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The XML reader alone: what it reads whole however the bytes are split, and each refusal with its condition. */
class XmlStreamReaderTest {

    static final String HEADER = "<?xml version='1.0'?><stream:stream to='deliverybench' version='1.0' "
            + "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    /** Collects what the reader found. */
    static final class Collected implements XmlStreamReader.Handler {
        final List<XmlElement> headers = new ArrayList<>();
        final List<XmlElement> elements = new ArrayList<>();
        boolean closed;

        @Override
        public void streamOpened(XmlElement header) {
            headers.add(header);
        }

        @Override
        public void element(XmlElement element) {
            elements.add(element);
        }

        @Override
        public void streamClosed() {
            closed = true;
        }
    }

    private static Collected read(String xml, int pieceBytes) throws XmlException {
        Collected collected = new Collected();
        XmlStreamReader reader = new XmlStreamReader(collected);
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += pieceBytes) {
            reader.feed(bytes, i, Math.min(pieceBytes, bytes.length - i));
        }
        return collected;
    }

    @Test
    void readsStanzasWholeHoweverTheBytesAreSplit() throws XmlException {
        String xml = HEADER + " <message to=\"b@deliverybench\" id='1'><body>h&#233;llo &lt;&amp;&gt; &#x1F600; ü</body></message>\n"
                + "<r xmlns='urn:xmpp:sm:3'/></stream:stream>";
        for (int piece : new int[] {1, 2, 3, 7, 64, 100_000}) {
            Collected collected = read(xml, piece);
            assertEquals(1, collected.headers.size());
            assertEquals("jabber:client", collected.headers.get(0).xmlns());
            assertEquals(2, collected.elements.size(), "pieces of " + piece);
            XmlElement message = collected.elements.get(0);
            assertEquals("b@deliverybench", message.attribute("to"));
            assertEquals("héllo <&> \uD83D\uDE00 ü", message.child("body").text());
            assertEquals("r", collected.elements.get(1).name());
            assertTrue(collected.closed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a DTD|<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]>|restricted-xml",
            "an external entity|<!DOCTYPE x SYSTEM 'http://evil/x.dtd'>|restricted-xml",
            "a comment|HEADER<!-- hi -->|restricted-xml",
            "a CDATA section|HEADER<message><body><![CDATA[x]]></body></message>|restricted-xml",
            "a processing instruction|HEADER<?php x?>|restricted-xml",
            "an undeclared entity|HEADER<message><body>&lol9;</body></message>|restricted-xml",
            "an entity in an attribute|HEADER<message id='&xxe;'/>|restricted-xml",
            "a bare ampersand|HEADER<message><body>a & b</body></message>|not-well-formed",
            "a reference to NUL|HEADER<message><body>&#0;</body></message>|not-well-formed",
            "a mismatched end tag|HEADER<message></body>|not-well-formed",
            "text between stanzas|HEADERhello<r/>|not-well-formed",
            "not UTF-8|HEADER<message><body>\u00ff</body></message>|not-well-formed",
            "a twice given attribute|HEADER<message id='1' id='2'/>|not-well-formed",
            "no stream first|<message/>|not-well-formed",
    })
    void refusesWithTheRightCondition(String what, String xml, String condition) {
        String stream = xml.replace("HEADER", HEADER);
        byte[] bytes = what.equals("not UTF-8") ? notUtf8(stream) : stream.getBytes(StandardCharsets.UTF_8);
        XmlException e = assertThrows(XmlException.class, () -> new XmlStreamReader(new Collected()).feed(bytes, 0, bytes.length));
        assertEquals(condition, e.condition(), e.getMessage());
    }

    private static byte[] notUtf8(String stream) {
        byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
        return bytes;
    }

    @Test
    void boundsAreCheckedBeforeTheBytesAreKept() {
        XmlStreamReader reader = new XmlStreamReader(new Collected());
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        XmlException e = assertThrows(XmlException.class, () -> {
            reader.feed(header, 0, header.length);
            byte[] chunk = "<message><body>".concat("x".repeat(1_000)).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
                reader.feed(chunk, 0, chunk.length);
            }
        });
        assertEquals("policy-violation", e.condition());
        assertTrue(reader.capacity() <= XmlStreamReader.MAX_STANZA_BYTES, "buffered " + reader.capacity());
        assertEquals("policy-violation", refusal(HEADER + "<m>".repeat(XmlStreamReader.MAX_DEPTH)));
        assertEquals("policy-violation", refusal(HEADER + "<" + "n".repeat(XmlStreamReader.MAX_NAME_BYTES + 1) + "/>"));
        StringBuilder attributes = new StringBuilder(HEADER + "<m");
        for (int i = 0; i <= XmlStreamReader.MAX_ATTRIBUTES; i++) {
            attributes.append(" a").append(i).append("='v'");
        }
        assertEquals("policy-violation", refusal(attributes + "/>"));
        // An unfinished tag is bounded too: the reader never waits for a '>' past the stanza bound.
        assertEquals("policy-violation", refusal(HEADER + "<m a='" + "v".repeat(XmlStreamReader.MAX_STANZA_BYTES)));
    }

    private static String refusal(String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        return assertThrows(XmlException.class, () -> new XmlStreamReader(new Collected()).feed(bytes, 0, bytes.length))
                .condition();
    }

    @Test
    void restartsForANewStreamAfterAuthentication() throws XmlException {
        Collected collected = new Collected();
        XmlStreamReader reader = new XmlStreamReader(collected);
        byte[] first = (HEADER + "<auth>x</auth>").getBytes(StandardCharsets.UTF_8);
        reader.feed(first, 0, first.length);
        reader.restart();
        byte[] second = (HEADER + "<iq type='set'/>").getBytes(StandardCharsets.UTF_8);
        reader.feed(second, 0, second.length);
        assertEquals(2, collected.headers.size());
        assertEquals(List.of("auth", "iq"), collected.elements.stream().map(XmlElement::name).toList());
    }
}
