package deliverybench.strategy;

/** What carries a strategy's messages: HTTP requests and answers (which HTTP/2 can carry too), or a protocol of its own. */
public enum Transport {
    /** Requests and their answers, held or not: polls, SSE, streaming; {@code --http2} makes each a stream. */
    HTTP,
    /** A protocol of its own, after a WebSocket upgrade or on a port of its own: {@code --http2} does not apply. */
    OWN
}
