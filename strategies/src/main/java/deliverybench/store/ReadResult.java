package deliverybench.store;

import java.util.List;

/**
 * What a read of one inbox found: the messages after the asked seq (oldest first), or, when the
 * asked seq is older than retention still covers, {@code gone} with the oldest seq still held.
 *
 * @param messages      messages newer than {@code after}, in seq order; empty when gone
 * @param highestSeq    the inbox's highest seq at the time of the read (0 when empty)
 * @param oldestSeq     the oldest seq still held (highestSeq + 1 when the inbox holds nothing)
 * @param gone          true when {@code after < oldestSeq - 1} (dropped by retention) or {@code after > highestSeq}
 *                      (the inbox was lost, as by a restart): resume after {@code oldestSeq - 1}
 * @param subscribed    true when the caller's subscriber was registered by this read
 */
public record ReadResult(List<Message> messages, long highestSeq, long oldestSeq, boolean gone, boolean subscribed) {

    public static ReadResult gone(long highestSeq, long oldestSeq) {
        return new ReadResult(List.of(), highestSeq, oldestSeq, true, false);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }
}
