package deliverybench.strategy.xmpp;

import deliverybench.auth.UserIds;
import deliverybench.core.push.ConnectionSends;
import deliverybench.core.stats.StrategyCounters;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The stanzas an authenticated XMPP stream answers: {@code <iq/>} (the resource's bind among them) and
 * {@code <message/>}, a send. Counted for stream management when it is on; on the connection's I/O thread.
 */
final class XmppStanzas {

    private final XmppConnection connection;
    private final StreamManagement sm;
    private final ConnectionSends sends;
    private final StrategyCounters counters;

    XmppStanzas(XmppConnection connection, StreamManagement sm, ConnectionSends sends, StrategyCounters counters) {
        this.connection = connection;
        this.sm = sm;
        this.sends = sends;
        this.counters = counters;
    }

    void iq(XmlElement iq) throws XmlException {
        boolean[] entry = sm.counted();
        String id = iq.attribute("id");
        String type = iq.attribute("type");
        XmlElement bind = iq.child("bind");
        if (connection.phase() == XmppConnection.Phase.AUTH) {
            throw new XmlException("not-authorized", "authenticate first");
        }
        if ("set".equals(type) && bind != null && Xmpp.BIND.equals(bind.xmlns())) {
            bind(id, bind);
        } else if ("set".equals(type) && iq.child("session") != null) {
            sendStanza("<iq type='result'" + idAttribute(id) + "/>");
        } else if ("get".equals(type) || "set".equals(type)) {
            sendStanza("<iq type='error'" + idAttribute(id) + "><error type='cancel'><service-unavailable xmlns='"
                    + Xmpp.STANZAS + "'/></error></iq>");
        }
        sm.handled(entry);
    }

    private void bind(String id, XmlElement bind) {
        XmlElement asked = bind.child("resource");
        String name = asked == null || asked.text().isEmpty()
                ? Long.toHexString(ThreadLocalRandom.current().nextLong()) : asked.text();
        boolean binding = connection.phase() == XmppConnection.Phase.BIND;
        if (!binding || !UserIds.isValid(name)) {
            connection.send("<iq type='error'" + idAttribute(id) + "><error type='modify'><"
                    + (!binding ? "not-allowed" : "bad-request") + " xmlns='" + Xmpp.STANZAS + "'/><text xmlns='"
                    + Xmpp.STANZAS + "'>one resource per stream, [A-Za-z0-9_-]{1,64}</text></error></iq>");
            return;
        }
        connection.bound(name);
        connection.send("<iq type='result'" + idAttribute(id) + "><bind xmlns='" + Xmpp.BIND + "'><jid>"
                + connection.fullJid() + "</jid></bind></iq>");
    }

    /**
     * A send: {@code <message to='user@deliverybench'><body>…</body></message>} of {@code inBytes} on the wire,
     * answered by the count or an error.
     */
    void message(XmlElement message, long inBytes) throws XmlException {
        boolean[] entry = sm.counted();
        XmppConnection.Phase phase = connection.phase();
        if (phase != XmppConnection.Phase.BOUND && phase != XmppConnection.Phase.ACTIVE) {
            throw new XmlException("not-authorized", "bind a resource before sending");
        }
        String id = message.attribute("id");
        String to = message.attribute("to");
        XmlElement body = message.child("body");
        ConnectionSends.Reply reply = new ConnectionSends.Reply() {
            @Override
            public void sent(long ignored, long seq) {
                sm.handled(entry);
                String ack = sm.enabled() ? Xmpp.sendAck(sm.state().handledH, id, seq) : "";
                sends.rebook(counters, inBytes, Xmpp.utf8Length(ack));
                if (sm.enabled()) {
                    connection.send(ack);
                }
            }

            @Override
            public void refused(long ignored, int status, String error) {
                String refusal = Xmpp.messageError(id, to, status, error);
                sends.rebook(counters, inBytes, Xmpp.utf8Length(refusal));
                sendStanza(refusal);
                sm.handled(entry);
            }
        };
        String recipient = bareUser(to);
        if (recipient == null || body == null) {
            sends.countRefused();
            reply.refused(0, 400, recipient == null ? "'to' must be <user>@" + Xmpp.DOMAIN : "a message needs a <body>");
            return;
        }
        sends.send(connection.ioThread(), connection.user(), 0, recipient, body.text(), reply);
    }

    private static String bareUser(String jid) {
        if (jid == null) {
            return null;
        }
        int slash = jid.indexOf('/');
        String bare = slash < 0 ? jid : jid.substring(0, slash);
        int at = bare.indexOf('@');
        return at > 0 && bare.substring(at + 1).equals(Xmpp.DOMAIN) ? bare.substring(0, at) : null;
    }

    private static String idAttribute(String id) {
        return id == null ? "" : " id='" + Xmpp.escape(id) + "'";
    }

    /** A stanza that counts for the client's {@code h}: an answer that is not a pushed message. */
    private void sendStanza(String xml) {
        sm.sent(0);
        connection.send(xml);
    }
}
