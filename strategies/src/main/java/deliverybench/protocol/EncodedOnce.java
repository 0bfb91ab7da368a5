package deliverybench.protocol;

/**
 * The part of a message's frame its copies share (sender and body, everything after the seq), encoded once for one
 * frame layout. A message to N recipients is appended to N inboxes on one thread, one after another, and every copy
 * holds the same two strings; each thread keeps the last encoding it made, so the N copies are framed from one
 * encoding and only their seq is written per copy. Nothing is retained past the next message the thread encodes.
 *
 * <p>Copies are recognised by identity of the two strings, never by content: the same {@code String} objects always
 * hold the same characters, so a hit is always right; equal strings that are different objects (two sends with the
 * same text) are merely encoded again.
 *
 * @param <T> the encoded shared part, immutable once made (a byte array never written again, a read-only buffer)
 */
public final class EncodedOnce<T> {

    /** Encodes the shared part of one message for a frame layout. */
    @FunctionalInterface
    public interface Encoder<T> {
        T encode(String from, String body);
    }

    private static final class Last<T> {
        private String from;
        private String body;
        private T encoded;
    }

    private final Encoder<T> encoder;
    private final ThreadLocal<Last<T>> last = ThreadLocal.withInitial(Last::new);

    public EncodedOnce(Encoder<T> encoder) {
        this.encoder = encoder;
    }

    /** The shared part of the message from {@code from} with {@code body}: made once for all its copies in a row. */
    @SuppressWarnings("StringEquality")
    public T of(String from, String body) {
        Last<T> entry = last.get();
        // Identity, on purpose (see the class comment): a copy of the same message holds the very same strings.
        if (entry.body != body || entry.from != from || entry.encoded == null) {
            entry.encoded = encoder.encode(from, body);
            entry.from = from;
            entry.body = body;
        }
        return entry.encoded;
    }
}
