package deliverybench.core;

/** How a held long poll learns of a new message ({@code serve --long-poll-wake}). */
public enum WakeMode {
    /** The store wakes exactly the held requests of the recipient: no store reads while held. */
    NOTIFY,
    /** The naive loop "until timeout: read the store, sleep", on a timer: one read per tick per held request. */
    SCAN
}
