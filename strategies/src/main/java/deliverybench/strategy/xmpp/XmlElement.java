package deliverybench.strategy.xmpp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One element as read: its qualified name as written, its attributes, its children and its text. */
public final class XmlElement {

    private final String name;
    private final Map<String, String> attributes;
    private final List<XmlElement> children = new ArrayList<>(2);
    private final StringBuilder text = new StringBuilder();

    XmlElement(String name, Map<String, String> attributes) {
        this.name = name;
        this.attributes = attributes;
    }

    public static XmlElement of(String name, Map<String, String> attributes) {
        return new XmlElement(name, new LinkedHashMap<>(attributes));
    }

    public String name() {
        return name;
    }

    /** The attribute, or null. */
    public String attribute(String key) {
        return attributes.get(key);
    }

    /** The default namespace it declares itself, or null (the subset reads no inherited namespaces). */
    public String xmlns() {
        return attributes.get("xmlns");
    }

    public List<XmlElement> children() {
        return children;
    }

    /** The first child of that name, or null. */
    public XmlElement child(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                return child;
            }
        }
        return null;
    }

    public String text() {
        return text.toString();
    }

    void add(XmlElement child) {
        children.add(child);
    }

    void append(String characters) {
        text.append(characters);
    }

    @Override
    public String toString() {
        return "<" + name + " " + attributes + ">" + children + text;
    }
}
