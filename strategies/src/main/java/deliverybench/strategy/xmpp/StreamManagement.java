package deliverybench.strategy.xmpp;

import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One connection's stream management (XEP-0198): the counts of its {@link StreamState}, the record kept of
 * them in {@link Resumes} while the stream is resumable, and the claim of a record by {@code <resume/>}.
 * On the connection's I/O thread; off (no state) until {@code <enable/>} or a resume.
 */
final class StreamManagement {

    private final Resumes resumes;
    private final XnioIoThread thread;
    // Who owns this stream's record in the store; a resume elsewhere takes it over.
    private final String owner = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private StreamState state;
    private XnioExecutor.Key refreshTimer;

    StreamManagement(Resumes resumes, XnioIoThread thread) {
        this.resumes = resumes;
        this.thread = thread;
    }

    boolean enabled() {
        return state != null;
    }

    /** The state; only once {@link #enabled}. */
    StreamState state() {
        return state;
    }

    /** Enables stream management on a bound stream and returns the {@code <enabled/>} to answer with. */
    String enable(boolean resumable, String user, String resource, long epoch) {
        String id = resumable ? Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(System.nanoTime()) : null;
        state = new StreamState(id, user, resource, epoch, 0);
        return "<enabled xmlns='" + Xmpp.SM + "'" + (resumable ? " id='" + id + "' resume='true' max='"
                + Resumes.RESUME_SECONDS + "'" : "") + " epoch='" + state.epoch + "'/>";
    }

    /** The stream is resumable: its record is written now, and again before it could expire. */
    void startRecord() {
        if (state.id == null) {
            return;
        }
        saveRecord();
        refreshTimer = thread.executeAtInterval(() -> resumes.save(state, owner, false),
                Resumes.REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    /** Writes the record when the state changed in a way the client's h cannot tell. */
    private void saveRecord() {
        if (state != null && state.id != null && state.takeChanged()) {
            resumes.save(state, owner, false);
        }
    }

    /** Takes the stream {@code previd} of {@code user} over (from any gateway): its state, or null. */
    CompletionStage<StreamState> claim(String previd, String user) {
        return resumes.claim(previd, user, owner);
    }

    /** A claimed stream goes on here: its {@code <resumed/>} to answer with. */
    String resumed(StreamState claimed) {
        state = claimed;
        return "<resumed xmlns='" + Xmpp.SM + "' previd='" + state.id + "' h='" + state.handledH + "' epoch='"
                + state.epoch + "'/>";
    }

    /** The connection went while the claim was under way: the stream stays resumable, owned by this closed one. */
    void keepClaimed(StreamState claimed) {
        if (claimed != null) {
            resumes.save(claimed, owner, false);
        }
    }

    /** A stream that cannot resume starts over; a record claimed for it is no use now. Returns the {@code <failed/>}. */
    String resumeFailed(StreamState claimed) {
        if (claimed != null) {
            resumes.remove(claimed, owner);
        }
        return "<failed xmlns='" + Xmpp.SM + "'><item-not-found xmlns='" + Xmpp.STANZAS + "'/></failed>";
    }

    /** {@code <r/>}: the {@code <a h/>} to answer with. */
    String requested() throws XmlException {
        if (state == null) {
            throw new XmlException("unsupported-stanza-type", "<r/> before stream management is enabled");
        }
        return Xmpp.ack(state.handledH);
    }

    /** {@code <a h/>} from the client: the seq it has now acknowledged up to. */
    long acked(XmlElement a) throws XmlException {
        long h = Xmpp.number(a.attribute("h"));
        if (state == null) {
            throw new XmlException("unsupported-stanza-type", "<a/> before stream management is enabled");
        }
        if (!state.acked(h)) {
            throw new XmlException("undefined-condition", "h='" + a.attribute("h") + "' is not between "
                    + state.ackedH + " and the " + state.sentH + " stanzas sent");
        }
        return state.ackedSeq;
    }

    /** Counts a stanza from the client (after enable); null without stream management. */
    boolean[] counted() {
        return state == null ? null : state.counted();
    }

    /** A counted stanza is handled: the count moves over every handled one at the head. */
    void handled(boolean[] entry) {
        if (state != null) {
            state.handled(entry);
            saveRecord();
        }
    }

    /** A stanza went to the client: {@code seq} for a pushed message, 0 for anything else. */
    void sent(long seq) {
        if (state != null) {
            state.sent(seq);
            saveRecord();
        }
    }

    /** Delivery starts over after {@code seq} (a 410): the client has nothing before it to acknowledge. */
    void restartAfter(long seq) {
        if (state != null) {
            state.ackedSeq = seq;
        }
    }

    /** The connection closed; {@code cleanEnd} when the client ended the stream itself. */
    /**
     * The client ended the stream ({@code </stream:stream>}): it cannot be resumed from now, before the answer's
     * {@code </stream:stream>} goes out, not from when the connection is gone. A client that saw the answer and resumed
     * at once was resumed when the record outlived it (XmppContractTest, 2 of 4 runs on 2026-12-06).
     */
    void ended() {
        if (refreshTimer != null) {
            refreshTimer.remove();
            refreshTimer = null;
        }
        if (state != null && state.id != null) {
            resumes.remove(state, owner);
        }
    }

    void closed(boolean cleanEnd) {
        if (refreshTimer != null) {
            refreshTimer.remove();
        }
        if (state != null && state.id != null) {
            // Owned still, the record becomes exact (sentH known); claimed by a resume elsewhere, it is left alone.
            if (cleanEnd) {
                resumes.remove(state, owner);
            } else {
                resumes.save(state, owner, true);
            }
        }
    }
}
