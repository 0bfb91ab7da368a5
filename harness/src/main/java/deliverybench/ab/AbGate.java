package deliverybench.ab;

import deliverybench.metric.Metric;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Runs an A/B gate's rounds in ABBA order, one line per round on the progress stream, and compares them. */
public final class AbGate {

    /** What one round gave: its run, the child's exit status, and where its run.json is. */
    public record Outcome(RunResult result, int exit, Path runJson) {
    }

    /** Runs one round of one side into its folder: a child process in the command, a fake in tests. */
    public interface Launcher {
        Outcome run(int number, Side side, Path roundDir) throws IOException, InterruptedException;
    }

    private final Launcher launcher;
    private final PrintStream progress;

    public AbGate(Launcher launcher, PrintStream progress) {
        this.launcher = launcher;
        this.progress = progress;
    }

    /**
     * Every round in order; a round that did not finish runs once more, and one that wrote no run.json ends the
     * gate with its reason.
     */
    public List<AbComparison.Round> rounds(int roundsPerSide, Path dir) throws IOException, InterruptedException {
        List<Side> order = Side.abba(roundsPerSide);
        List<AbComparison.Round> rounds = new ArrayList<>();
        long gateStart = System.nanoTime();
        for (int i = 0; i < order.size(); i++) {
            Side side = order.get(i);
            int number = i + 1;
            long start = System.nanoTime();
            Outcome outcome = launcher.run(number, side, dir.resolve(folder(number, side)));
            if (!outcome.result().completed()) {
                // Once more in its place: on a busy machine a server may miss its start; a second miss stays a miss.
                progress.printf(Locale.ROOT, "ab: round %d/%d %s did not finish (%s); once more%n", number,
                        order.size(), side, outcome.result().failure());
                outcome = launcher.run(number, side, dir.resolve(folder(number, side) + "-again"));
            }
            rounds.add(new AbComparison.Round(number, side, outcome.result()));
            progress.printf(Locale.ROOT, "ab: round %d/%d %s %3.0fs (gate %.0fs)%s  %s%n", number, order.size(), side,
                    seconds(start), seconds(gateStart), outcome.exit() == 0 ? "" : "  exit " + outcome.exit(),
                    summary(outcome.result()));
            progress.flush();
        }
        return rounds;
    }

    /** A round's folder name: its number, then its side, e.g. {@code 03-B}. */
    public static String folder(int number, Side side) {
        return String.format(Locale.ROOT, "%02d-%s", number, side);
    }

    /** Each strategy's request-path CPU per message: what the gate is most about. */
    private static String summary(RunResult result) {
        if (!result.completed()) {
            return "did not finish: " + result.failure();
        }
        return result.strategies().stream().map(AbGate::cpu).collect(Collectors.joining(", "));
    }

    private static String cpu(StrategyResult strategy) {
        double cpu = strategy.get(Metric.SERVER_CPU_US_PER_MESSAGE);
        return strategy.strategy() + " " + (Double.isNaN(cpu) ? "-" : String.format(Locale.ROOT, "%.1f", cpu))
                + " us/msg";
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
