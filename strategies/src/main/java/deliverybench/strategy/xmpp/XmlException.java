package deliverybench.strategy.xmpp;

/** A stream the XML reader refuses, with the RFC 6120 stream error condition to close it with. */
public final class XmlException extends Exception {

    private final String condition;

    public XmlException(String condition, String text) {
        super(text);
        this.condition = condition;
    }

    /** The stream error condition: {@code restricted-xml}, {@code not-well-formed}, {@code policy-violation}. */
    public String condition() {
        return condition;
    }
}
