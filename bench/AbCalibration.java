import deliverybench.ab.AbComparison;
import deliverybench.ab.Side;
import deliverybench.metric.Metric;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The A/B gate's error rates simulated on measured rounds: the rounds of finished gates (ab folders) pooled by
 * build (default JIT, or C1 only when the side had -XX:TieredStopAtLevel=1), then many gates drawn from the pools
 * without replacement and judged by ab's own comparison: false alarms (default against default), detections
 * (default against C1), and detections of a synthetic slowdown (B's server CPU per message times a factor).
 * Run: java -cp harness/target/deliverybench.jar bench/AbCalibration.java ROUNDS_A_SIDE DRAWS AB_FOLDER...
 */
public final class AbCalibration {

    public static void main(String[] args) throws Exception {
        int perSide = Integer.parseInt(args[0]);
        int draws = Integer.parseInt(args[1]);
        List<RunResult> normal = new ArrayList<>();
        List<RunResult> c1 = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            pool(Path.of(args[i]), normal, c1);
        }
        System.out.printf("pooled rounds: %d with the default JIT, %d with C1 only; %d rounds a side, %d draws%n",
                normal.size(), c1.size(), perSide, draws);
        Random random = new Random(26);
        System.out.println(line("A/A (false alarms)", rate(normal, normal, 1.0, perSide, draws, random)));
        if (c1.size() >= perSide) {
            System.out.println(line("A/B C1 only (detections)", rate(normal, c1, 1.0, perSide, draws, random)));
        }
        for (double factor : new double[]{1.05, 1.10, 1.15, 1.20, 1.25, 1.30, 1.40, 1.50, 1.60, 1.75}) {
            System.out.println(line(String.format(Locale.ROOT, "B's CPU x %.2f", factor),
                    rate(normal, normal, factor, perSide, draws, random)));
        }
    }

    private static String line(String what, double[] rate) {
        return String.format(Locale.ROOT, "%-26s gate fails %5.1f%%; CPU regression flagged %5.1f%%", what,
                100 * rate[0], 100 * rate[1]);
    }

    /** Reads each round of a gate folder into the pool of its build. */
    private static void pool(Path gate, List<RunResult> normal, List<RunResult> c1) throws Exception {
        String settings = Files.readString(gate.resolve("ab.json"));
        boolean bIsC1 = settings.contains("\"b_server_jvm_args\" : \"-Xmx2g -XX:TieredStopAtLevel=1\"");
        try (Stream<Path> rounds = Files.list(gate.resolve("rounds"))) {
            for (Path round : rounds.sorted().toList()) {
                try (Stream<Path> runs = Files.list(round.resolve("runs"))) {
                    Path run = runs.findFirst().orElseThrow();
                    boolean b = round.getFileName().toString().endsWith("-B");
                    RunResult result = ResultFiles.read(run);
                    if (result.completed() && !result.strategies().isEmpty()) {  // a round that failed is no sample
                        (b && bIsC1 ? c1 : normal).add(result);
                    }
                }
            }
        }
    }

    /** The share of drawn gates that fail, and of those where some strategy's server CPU is the regression. */
    private static double[] rate(List<RunResult> poolA, List<RunResult> poolB, double factor, int perSide, int draws,
                                 Random random) {
        int failed = 0;
        int cpu = 0;
        for (int d = 0; d < draws; d++) {
            List<RunResult> shuffledA = shuffled(poolA, random);
            List<RunResult> shuffledB = poolA == poolB ? shuffledA.subList(perSide, shuffledA.size())
                    : shuffled(poolB, random);
            List<Side> order = Side.abba(perSide);
            List<AbComparison.Round> rounds = new ArrayList<>();
            int a = 0;
            int b = 0;
            for (int i = 0; i < order.size(); i++) {
                RunResult result = order.get(i) == Side.A ? shuffledA.get(a++) : scaled(shuffledB.get(b++), factor);
                rounds.add(new AbComparison.Round(i + 1, order.get(i), result));
            }
            List<AbComparison.Row> rows = AbComparison.compare(rounds, AbComparison.Settings.DEFAULT);
            failed += AbComparison.exitCode(rows) == 1 ? 1 : 0;
            cpu += rows.stream().anyMatch(r -> r.metric().equals(Metric.SERVER_CPU_US_PER_MESSAGE.key())
                    && r.verdict() == AbComparison.Verdict.REGRESSION) ? 1 : 0;
        }
        return new double[]{(double) failed / draws, (double) cpu / draws};
    }

    private static List<RunResult> shuffled(List<RunResult> pool, Random random) {
        List<RunResult> copy = new ArrayList<>(pool);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }

    private static RunResult scaled(RunResult run, double factor) {
        if (factor == 1.0) {
            return run;
        }
        List<StrategyResult> strategies = new ArrayList<>();
        for (StrategyResult strategy : run.strategies()) {
            Map<String, Double> metrics = new HashMap<>(strategy.metrics());
            metrics.computeIfPresent(Metric.SERVER_CPU_US_PER_MESSAGE.key(), (k, v) -> v * factor);
            strategies.add(StrategyResult.of(strategy.strategy(), strategy.limit(), metrics));
        }
        return new RunResult(run.schemaVersion(), run.startedAt(), run.completed(), run.failure(), run.configuration(),
                run.machine(), run.floor(), strategies);
    }
}
