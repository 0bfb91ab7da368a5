package deliverybench.run;

/**
 * How {@code run --find-capacity} searches: the objective, the first rate, the highest rate tried,
 * and how many times the interval between the last pass and the first failure is halved.
 */
public record CapacityPlan(Slo slo, double startRate, double maxRate, int refinements) {

    public CapacityPlan {
        if (startRate <= 0 || maxRate < startRate) {
            throw new IllegalArgumentException("--start-rate must be positive and at most --max-rate, was "
                    + startRate + " and " + maxRate);
        }
        if (refinements < 0 || refinements > 10) {
            throw new IllegalArgumentException("--refine must be from 0 to 10, was " + refinements);
        }
    }
}
