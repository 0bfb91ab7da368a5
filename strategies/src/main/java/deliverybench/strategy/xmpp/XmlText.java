package deliverybench.strategy.xmpp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Text and attribute values as {@link XmlStreamReader} reads them: strict UTF-8, and no entity but XML's five. */
final class XmlText {

    private static final int MAX_ENTITY_BYTES = 10;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Strict UTF-8, then the five predefined entities and character references; any other reference is refused. */
    String decode(byte[] buffer, int from, int to) throws XmlException {
        String raw;
        try {
            raw = utf8.reset().decode(ByteBuffer.wrap(buffer, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new XmlException("not-well-formed", "bytes that are not UTF-8");
        }
        int amp = raw.indexOf('&');
        if (amp < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (amp >= 0) {
            out.append(raw, i, amp);
            int semi = raw.indexOf(';', amp);
            if (semi < 0 || semi - amp > MAX_ENTITY_BYTES) {
                throw new XmlException("not-well-formed", "an & that starts no reference");
            }
            out.append(reference(raw.substring(amp + 1, semi)));
            i = semi + 1;
            amp = raw.indexOf('&', i);
        }
        return out.append(raw, i, raw.length()).toString();
    }

    private static CharSequence reference(String name) throws XmlException {
        switch (name) {
            case "lt": return "<";
            case "gt": return ">";
            case "amp": return "&";
            case "quot": return "\"";
            case "apos": return "'";
            default: break;
        }
        if (name.startsWith("#")) {
            try {
                int code = name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                if (code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF)
                        || (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF)) {
                    return CharBuffer.wrap(Character.toChars(code));
                }
            } catch (NumberFormatException e) {
                // Falls through to the refusal.
            }
            throw new XmlException("not-well-formed", "a character reference to no XML character: &" + name + ";");
        }
        throw new XmlException("restricted-xml", "an entity reference (&" + name + ";): no entity is declared");
    }
}
