package deliverybench.strategy.xmpp;

import org.xnio.XnioIoThread;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The streams that ended without {@code </stream:stream>} and may be resumed ({@code <resume previd=…/>}),
 * each for {@value #RESUME_SECONDS} s, at most {@value #MAX_DETACHED} at once: one gateway's memory.
 */
final class Resumes {

    static final int RESUME_SECONDS = 300;
    static final int MAX_DETACHED = 100_000;

    private final ConcurrentHashMap<String, StreamState> detached = new ConcurrentHashMap<>();

    /** Keeps a stream's state for a resume; when full, the stream simply cannot be resumed (it starts over). */
    void detach(StreamState state, XnioIoThread thread) {
        if (detached.size() >= MAX_DETACHED) {
            return;
        }
        detached.put(state.id, state);
        thread.executeAfter(() -> detached.remove(state.id, state), RESUME_SECONDS, TimeUnit.SECONDS);
    }

    /** The detached state of that id for that user, taken (a stream resumes once), or null. */
    StreamState take(String id, String user) {
        StreamState state = id == null ? null : detached.get(id);
        if (state == null || !state.user.equals(user) || !detached.remove(id, state)) {
            return null;
        }
        return state;
    }

    int size() {
        return detached.size();
    }
}
