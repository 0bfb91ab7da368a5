package deliverybench.ab;

/** The two builds an A/B gate compares: A the old one (the baseline), B the new one. */
public enum Side {
    A, B;

    /**
     * The sides in ABBA order for this many rounds a side: A B B A A B B A ..., so that a drift of the
     * machine over the gate (a neighbour starting a build, a CPU warming up) falls on both sides alike.
     */
    public static java.util.List<Side> abba(int roundsPerSide) {
        java.util.List<Side> order = new java.util.ArrayList<>(2 * roundsPerSide);
        for (int pair = 0; pair < roundsPerSide; pair++) {
            boolean forward = pair % 2 == 0;
            order.add(forward ? A : B);
            order.add(forward ? B : A);
        }
        return order;
    }
}
