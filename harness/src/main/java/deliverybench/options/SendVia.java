package deliverybench.options;

/** The send path of a run: {@code POST /messages} for every strategy, or the push connection where a strategy has one. */
public enum SendVia {
    /** The same path for every strategy, so that strategies stay comparable. */
    HTTP,
    /** Push strategies with an upstream send over a connection of their own kind; the others keep HTTP. */
    CONNECTION,
    /** Each strategy with an upstream twice: over HTTP ({@code <name>}), then over its connection ({@code <name>+send}). */
    BOTH
}
