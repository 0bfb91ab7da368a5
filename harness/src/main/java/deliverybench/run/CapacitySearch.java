package deliverybench.run;

import deliverybench.options.Slo;
import deliverybench.measure.Saturation;
import deliverybench.metric.Metric;
import deliverybench.results.CapacityStep;
import deliverybench.results.StrategyResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How many messages a second a strategy sustains: the rate doubles from a start until a step misses
 * the objective or loses a message, then the interval between the last pass and the first failure is
 * halved a few times. Each step is a whole strategy run at that rate, with its own warm-up. A step the
 * driver could not send is never taken for the server's limit: it bounds the search from above like a
 * failure, but the result says the driver was the limit and the capacity is only a floor.
 */
final class CapacitySearch {

    /** Runs one step. */
    @FunctionalInterface
    interface Step {
        StrategyResult run(double rate, int index) throws IOException, InterruptedException;
    }

    /**
     * What the search found.
     *
     * @param capacity        the highest rate that passed; 0 when none did
     * @param atCapacity      the result of that step (null when none passed)
     * @param driverLimitedAt when the lowest rate found too much was one the driver could not send: the
     *                        rate it achieved there (the server's capacity is then unknown, at least
     *                        {@code capacity}); else NaN
     */
    record Outcome(List<CapacityStep> steps, double capacity, StrategyResult atCapacity, double driverLimitedAt) {
    }

    private final Slo slo;
    private final double startRate;
    private final double maxRate;
    private final int refinements;
    private final Consumer<String> progress;

    CapacitySearch(Slo slo, double startRate, double maxRate, int refinements, Consumer<String> progress) {
        if (startRate <= 0 || maxRate < startRate) {
            throw new IllegalArgumentException("the search needs 0 < start rate <= max rate, was " + startRate + " and " + maxRate);
        }
        this.slo = slo;
        this.startRate = startRate;
        this.maxRate = maxRate;
        this.refinements = refinements;
        this.progress = progress;
    }

    Outcome search(String name, Step step) throws IOException, InterruptedException {
        List<CapacityStep> steps = new ArrayList<>();
        double pass = 0;
        StrategyResult atPass = null;
        // The lowest rate known to be too much: a failed step, or one the driver could not send.
        double upper = Double.NaN;
        boolean upperIsDriver = false;
        double driverAt = Double.NaN;
        StrategyResult failed = null;
        double rate = startRate;
        while (rate <= maxRate) {
            Measured measured = measure(name, rate, step, steps);
            StrategyResult result = measured.result();
            CapacityStep judged = measured.judged();
            if (judged.outcome().equals(CapacityStep.DRIVER)) {
                upper = rate;
                upperIsDriver = true;
                driverAt = judged.achievedRate();
                break;
            }
            if (judged.outcome().equals(CapacityStep.FAIL)) {
                upper = rate;
                failed = result;
                break;
            }
            pass = rate;
            atPass = result;
            rate *= 2;
        }
        // Narrow the gap below it. Under a driver-limited step this raises the floor the run can vouch
        // for; the server's capacity itself stays unknown unless a step fails on the server's side.
        for (int i = 0; i < refinements && !Double.isNaN(upper) && upper - pass > 0.05 * upper; i++) {
            double mid = pass == 0 ? upper / 2 : (pass + upper) / 2;
            Measured measured = measure(name, mid, step, steps);
            StrategyResult result = measured.result();
            CapacityStep judged = measured.judged();
            if (judged.outcome().equals(CapacityStep.DRIVER)) {
                upper = mid;
                upperIsDriver = true;
                driverAt = judged.achievedRate();
            } else if (judged.outcome().equals(CapacityStep.PASS)) {
                pass = mid;
                atPass = result;
            } else {
                if (pass == 0 && failed != null && latencyIsNotLoad(name, upper, failed, mid, result)) {
                    break;
                }
                upper = mid;
                upperIsDriver = false;
                failed = result;
            }
        }
        return new Outcome(steps, pass, atPass, upperIsDriver ? driverAt : Double.NaN);
    }

    private record Measured(StrategyResult result, CapacityStep judged) {
    }

    /**
     * Runs the step at {@code rate} and judges it. A miss that may be one stall is measured once more, and the second
     * window decides: nothing lost, nothing saturated, the median well within the objective and only the tail over it.
     * With a fan-out of 100 one stall of 100 ms holds 1% of a 10 s window's copies and sets its p99 alone, and the
     * search, which only ever looks below a failed step, would take such a window's miss for the strategy's limit
     * (docs/method.md, "Fan-out, measured"). A real limit misses twice: it costs one step more.
     */
    private Measured measure(String name, double rate, Step step, List<CapacityStep> steps)
            throws IOException, InterruptedException {
        StrategyResult result = step.run(rate, steps.size());
        CapacityStep judged = judge(rate, result);
        steps.add(judged);
        say(name, judged);
        if (mayBeOneStall(judged)) {
            progress.accept(String.format(Locale.ROOT, "%-14s step at %.0f msg/s missed by its tail alone (p50 %s, nothing "
                            + "lost or saturated): measured once more, and that decides", name, rate,
                    Metric.LATENCY_P50_US.format(judged.p50Us())));
            result = step.run(rate, steps.size());
            judged = judge(rate, result);
            steps.add(judged);
            say(name, judged);
        }
        return new Measured(result, judged);
    }

    private boolean mayBeOneStall(CapacityStep judged) {
        return judged.outcome().equals(CapacityStep.FAIL) && judged.lost() == 0 && "none".equals(judged.limit())
                && judged.p50Us() <= slo.boundUs() / 2;
    }

    /**
     * Below the lowest rate tried, half the load gave the same latency (within 10%), nothing lost and the
     * server not saturated: the objective is under what the strategy reaches at any rate (short poll's
     * p99 is about its interval), so halving on would only spend steps. Says so and tells the search to stop.
     */
    private boolean latencyIsNotLoad(String name, double rateBefore, StrategyResult before, double rate, StrategyResult now) {
        double was = before.get(slo.metric());
        double is = now.get(slo.metric());
        boolean saturated = "server".equals(before.limit()) || "server".equals(now.limit());
        if (saturated || before.get(Metric.LOST) > 0 || now.get(Metric.LOST) > 0 || !(is >= 0.9 * was)) {
            return false;
        }
        progress.accept(String.format(Locale.ROOT, "%-14s %s does not fall with the rate (%s at %.0f msg/s, %s at %.0f): "
                        + "no rate meets %s; it is not the load that holds it back", name, slo.metric().label(),
                slo.metric().format(was), rateBefore, slo.metric().format(is), rate, slo));
        return true;
    }

    /**
     * Pass: within the objective and nothing lost, the whole rate sent (a driver that added delay and
     * still met the objective does not void the pass); driver: the driver could not send it or its
     * delays may explain the miss (no verdict on the server); else fail, also when the latency less
     * the driver's send delay still misses the objective.
     */
    CapacityStep judge(double rate, StrategyResult result) {
        double latency = result.get(slo.metric());
        double lost = result.get(Metric.LOST);
        String limit = result.limit();
        String outcome;
        String reason;
        boolean driverSide = "driver".equals(limit) || "shared cores".equals(limit);
        // The driver sent the whole rate and nothing was lost: its delays are in the latency, and can be weighed.
        boolean weighable = driverSide && lost == 0
                && result.get(Metric.SEND_RATE_ACHIEVED) >= Saturation.SHORTFALL * result.get(Metric.SEND_RATE_ASKED);
        if (weighable && latency <= slo.boundUs()) {
            // The server took the whole rate and met the objective with the driver's own delays counted
            // in: a pass, if anything a pessimistic one.
            outcome = CapacityStep.PASS;
            reason = slo.metric().label() + " " + slo.metric().format(latency) + " within " + slo
                    + ", the driver's own delays included";
        } else if (weighable && latency - sendDelay(result) > slo.boundUs()) {
            // The driver was late, but not by enough to explain the miss: the strategy missed it on its own.
            outcome = CapacityStep.FAIL;
            reason = slo.metric().label() + " " + slo.metric().format(latency) + " over " + slo + " (the driver's send delay p99, "
                    + Metric.DRIVER_SEND_DELAY_P99_US.format(sendDelay(result)) + ", does not explain it)";
        } else if (driverSide) {
            outcome = CapacityStep.DRIVER;
            reason = String.format(Locale.ROOT, "driver-limited at %.0f msg/s (%s): no verdict on the server",
                    result.get(Metric.SEND_RATE_ACHIEVED), limit);
        } else if (lost > 0) {
            outcome = CapacityStep.FAIL;
            reason = String.format(Locale.ROOT, "lost %.0f", lost);
        } else if (!(latency <= slo.boundUs())) {
            outcome = CapacityStep.FAIL;
            reason = slo.metric().label() + " " + slo.metric().format(latency) + " over " + slo;
        } else {
            outcome = CapacityStep.PASS;
            reason = slo.metric().label() + " " + slo.metric().format(latency) + " within " + slo;
        }
        return new CapacityStep(rate, result.get(Metric.SEND_RATE_ACHIEVED), result.get(Metric.DELIVERED_PER_SECOND),
                result.get(Metric.LATENCY_P50_US), result.get(Metric.LATENCY_P99_US), lost, limit, outcome, reason);
    }

    private static double sendDelay(StrategyResult result) {
        double delay = result.get(Metric.DRIVER_SEND_DELAY_P99_US);
        return Double.isNaN(delay) ? 0 : delay;
    }

    private void say(String name, CapacityStep step) {
        progress.accept(String.format(Locale.ROOT, "%-14s step at %.0f msg/s: %s (%s; limited by %s)", name,
                step.askedRate(), step.outcome(), step.reason(), step.limit()));
    }
}
