package deliverybench.strategy.xmpp;

import deliverybench.store.StreamRecords;

import java.util.concurrent.CompletionStage;

/**
 * Where resumable streams ({@code <resume previd=…/>}) are kept: as records in the store's
 * {@link StreamRecords} (Redis when clustered, so a device resumes on any gateway), each for
 * {@value #RESUME_SECONDS} s after its last write. A record is written when the stream's state changes
 * in a way the client's {@code h} cannot tell, every {@value #REFRESH_SECONDS} s while the stream runs,
 * and when its connection closes; a gateway that dies writes nothing more, and what it wrote suffices.
 */
final class Resumes {

    static final int RESUME_SECONDS = 300;
    static final int REFRESH_SECONDS = RESUME_SECONDS / 3;

    private final StreamRecords records;

    Resumes(StreamRecords records) {
        this.records = records;
    }

    /** Writes the state's record, owned by {@code owner}; a failure only means the stream may not resume. */
    void save(StreamState state, String owner, boolean closed) {
        records.save(state.id, state.user, owner, state.record(closed), RESUME_SECONDS);
    }

    /** Takes the stream of that id for that user over to {@code owner}: its state, or null. */
    CompletionStage<StreamState> claim(String id, String user, String owner) {
        return records.claim(id, user, owner, RESUME_SECONDS)
                .thenApply(record -> record == null ? null : StreamState.fromRecord(id, user, record));
    }

    /** A stream ended for good ({@code </stream:stream>}, or a failed resume): it cannot be resumed. */
    void remove(StreamState state, String owner) {
        records.remove(state.id, state.user, owner);
    }
}
