package deliverybench.client;

/**
 * One receiving device's place in its inbox, as a client keeps it: where to resume and in which
 * epoch, and where each message goes. The driver implements it over its ledger and its one recording
 * method; a strategy's client only moves bytes and calls these.
 */
public interface ReceivingDevice {

    /** The seq to resume after: the highest seen, or where a 410 sent it. */
    long resumeAfter();

    /** The epoch {@link #resumeAfter} belongs to; 0 before the server named one. */
    long epoch();

    /** The server named its epoch (a poll answer, a welcome frame, a hello event). */
    void epoch(long serverEpoch);

    /** The server said gone (410): resume after {@code after} of {@code serverEpoch} (0 when it named none). */
    void gone(long after, long serverEpoch);

    /** A message arrived. */
    void deliver(long seq, String body);

    /** Its connection was found dead (a heartbeat went unanswered); what it missed comes when it resumes. */
    default void deadConnection() {
    }
}
