package deliverybench.store;

/**
 * Where one inbox stands.
 *
 * @param oldestSeq  the oldest seq held; {@code highestSeq + 1} when it holds none
 * @param highestSeq the highest seq ever appended, 0 for an empty or unknown inbox
 */
public record InboxPosition(long oldestSeq, long highestSeq) {

    /** True when {@code after} is older than retention keeps or beyond the newest: the client must be told (410). */
    public boolean gone(long after) {
        return after < oldestSeq - 1 || after > highestSeq;
    }
}
