package deliverybench.store;

/** One message as held in a recipient's inbox and as delivered: its seq, its sender and its body. */
public record Message(long seq, String from, String body) {
}
