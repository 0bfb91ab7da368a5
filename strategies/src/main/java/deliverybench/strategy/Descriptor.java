package deliverybench.strategy;

/**
 * What a strategy declares about itself, as data: each strategy package builds one, {@link Strategies} lists them.
 *
 * @param name     the name on the command line, in run.json and in file names: {@code short-poll}
 * @param label    the name for people: {@code Short poll}
 * @param statsKey the key of the counters it books to in {@code /stats}: {@code short_poll}
 * @param kind     how a message reaches the client: it asks, or it is pushed
 * @param transport what carries its messages: HTTP requests and answers, or a protocol of its own
 * @param acks     whether its client acknowledges what it received (the server then keeps an unacked gauge)
 * @param summary  one sentence: what it does, for help texts and the report
 */
public record Descriptor(String name, String label, String statsKey, Kind kind, Transport transport, boolean acks, String summary) {
}
