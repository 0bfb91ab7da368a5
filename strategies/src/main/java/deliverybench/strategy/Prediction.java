package deliverybench.strategy;

import deliverybench.metric.Metric;

/**
 * What the configuration predicts for one metric of one strategy, the band a measurement may fall
 * in, and the one-line reason.
 *
 * @param metric    the metric predicted
 * @param predicted the predicted value, in the metric's unit
 * @param low       the lowest value inside the band
 * @param high      the highest value inside the band
 * @param measured  the measured value (NaN when not measured)
 * @param reason    why the theory predicts it, in one line
 */
public record Prediction(Metric metric, double predicted, double low, double high, double measured, String reason) {

    /** True when the measurement is outside the band (never for a missing measurement). */
    public boolean flagged() {
        return !Double.isNaN(measured) && (measured < low || measured > high);
    }
}
