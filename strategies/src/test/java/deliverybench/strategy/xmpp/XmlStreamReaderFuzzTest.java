package deliverybench.strategy.xmpp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The XMPP stream reader under coverage-guided fuzzing (README, "Fuzzing"): any bytes, split anywhere,
 * give elements or one of the reader's own stream error conditions, with a buffer under the stanza
 * bound; messages written the way the server writes them survive any split unchanged.
 */
class XmlStreamReaderFuzzTest {

    private static final Set<String> CONDITIONS = Set.of("restricted-xml", "not-well-formed", "policy-violation");

    private static void feed(XmlStreamReader reader, byte[] stream, FuzzedDataProvider data) throws XmlException {
        int offset = 0;
        while (offset < stream.length) {
            int n = Math.min(stream.length - offset, data.consumeInt(1, 9_000));
            reader.feed(stream, offset, n);
            offset += n;
            assertTrue(reader.capacity() <= XmlStreamReader.MAX_STANZA_BYTES, "buffered " + reader.capacity());
            assertTrue(reader.capacity() <= Math.max(1_024, 2 * offset), "a buffer of " + reader.capacity() + " after " + offset);
        }
    }

    @FuzzTest
    void anyBytesGiveElementsOrTheReadersOwnCondition(FuzzedDataProvider data) {
        boolean withHeader = data.consumeBoolean();
        byte[] tail = data.consumeBytes(data.consumeInt(0, 200_000));
        byte[] header = withHeader ? XmlStreamReaderTest.HEADER.getBytes(StandardCharsets.UTF_8) : new byte[0];
        byte[] stream = new byte[header.length + tail.length];
        System.arraycopy(header, 0, stream, 0, header.length);
        System.arraycopy(tail, 0, stream, header.length, tail.length);
        try {
            feed(new XmlStreamReader(new XmlStreamReaderTest.Collected()), stream, data);
        } catch (XmlException e) {
            assertTrue(CONDITIONS.contains(e.condition()), e.condition() + ": " + e.getMessage());
        }
    }

    @FuzzTest
    void messagesSurviveAnySplit(FuzzedDataProvider data) throws XmlException {
        List<String> bodies = new ArrayList<>();
        StringBuilder xml = new StringBuilder(XmlStreamReaderTest.HEADER);
        for (int i = data.consumeInt(0, 20); i > 0; i--) {
            String body = data.consumeString(data.consumeInt(0, 2_000));
            bodies.add(body);
            xml.append(Xmpp.message("from", "to@deliverybench/r", bodies.size(), body));
        }
        XmlStreamReaderTest.Collected collected = new XmlStreamReaderTest.Collected();
        feed(new XmlStreamReader(collected), xml.toString().getBytes(StandardCharsets.UTF_8), data);
        assertEquals(bodies.size(), collected.elements.size());
        for (int i = 0; i < bodies.size(); i++) {
            assertEquals(bodies.get(i), collected.elements.get(i).child("body").text(), "message " + (i + 1));
            assertEquals(Long.toString(i + 1), collected.elements.get(i).attribute("id"));
        }
    }
}
