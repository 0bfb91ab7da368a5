package deliverybench.strategy;

import deliverybench.metric.Metric;

/** A strategy's measured values, looked up by metric; NaN when not measured. */
@FunctionalInterface
public interface Measured {

    Measured NOTHING = metric -> Double.NaN;

    double get(Metric metric);
}
