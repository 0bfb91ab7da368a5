package deliverybench.store;

import java.util.concurrent.CompletionStage;

/**
 * Small records that a resumable stream (XEP-0198) needs, kept where every gateway finds them: in this
 * process's memory for one server, in Redis for a cluster. Each record belongs to one user and is owned
 * by one connection at a time; a claim moves it to another, after which the old owner's saves are refused.
 */
public interface StreamRecords {

    /** The most records one in-memory store keeps at once; a save beyond it is refused (the stream cannot be resumed). */
    int MAX_RECORDS = 100_000;

    /**
     * Saves {@code payload} under {@code id} for {@code ttlSeconds}, unless another owner claimed it:
     * completes with whether it was saved.
     */
    CompletionStage<Boolean> save(String id, String user, String owner, String payload, int ttlSeconds);

    /**
     * Moves the record to {@code owner} for {@code ttlSeconds} and completes with its payload, or with
     * null when there is none for that user (unknown, expired, removed or another user's).
     */
    CompletionStage<String> claim(String id, String user, String owner, int ttlSeconds);

    /** Removes the record, unless another owner claimed it. */
    CompletionStage<Boolean> remove(String id, String user, String owner);
}
