package deliverybench.core.limits;

/** The bound on one push connection's outbound queue: messages queued or being written, and their bytes. */
public record PushLimits(int maxMessages, long maxBytes) {

    public static final PushLimits DEFAULT = new PushLimits(1_000, 1L << 20);

    public PushLimits {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("push limits must be positive: " + maxMessages + " messages, " + maxBytes + " bytes");
        }
    }
}
