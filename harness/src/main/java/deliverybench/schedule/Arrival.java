package deliverybench.schedule;

/** How sends are spaced on the open-loop schedule. */
public enum Arrival {
    /** Exactly 1/rate apart. */
    CONSTANT,
    /** Exponentially distributed gaps with mean 1/rate: a Poisson process, like real users. */
    POISSON
}
