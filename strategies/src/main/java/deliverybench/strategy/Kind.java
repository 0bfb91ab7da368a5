package deliverybench.strategy;

/** How a message reaches the client: it asks (pull), or the server sends over a held connection (push). */
public enum Kind {
    PULL,
    PUSH
}
