package deliverybench.run;

import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.strategy.Strategy;

/** Hears a run as it goes ({@code run --live}): each strategy's start, each second of its measured window, its result, the run's end. */
public interface RunListener {

    /** Hears nothing. */
    RunListener NONE = new RunListener() {
    };

    /**
     * One second of a strategy's measured window.
     *
     * @param second       seconds of the window done, 1 to {@code seconds}
     * @param sent         messages sent so far (warm-up included), all recipients
     * @param delivered    deliveries so far, every device
     * @param p99SecondUs  corrected p99 of the deliveries recorded in this second; NaN when none were
     * @param p99SoFarUs   corrected p99 of the window so far
     */
    record Second(String strategy, int second, int seconds, long sent, long delivered, double p99SecondUs,
                  double p99SoFarUs) {
    }

    /** A strategy is about to start: its server, its receivers, its warm-up. */
    default void strategyStarted(Strategy strategy) {
    }

    /** Called on the pacer's thread between sends: it must only hand the numbers on, never wait. */
    default void second(Second second) {
    }

    default void strategyDone(StrategyResult result) {
    }

    default void runDone(RunResult result) {
    }
}
