package deliverybench.cli;

import deliverybench.ab.AbComparison;
import deliverybench.ab.AbFormat;
import deliverybench.ab.AbGate;
import deliverybench.ab.AbResults;
import deliverybench.ab.GitJars;
import deliverybench.ab.JarRounds;
import deliverybench.ab.MannWhitney;
import deliverybench.options.DurationConverter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code deliverybench ab}: two builds in interleaved rounds; exit 0 when B is no slower, 1 on a regression, 2 on bad input. */
@Command(name = "ab", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs build A and build B in ABBA-interleaved rounds of the same workload (each round a child "
                + "'java -jar <jar> run <run options>'), and compares every gated metric: B/A of the medians, its "
                + "bootstrap interval, a one-sided Mann-Whitney p (Holm-adjusted over the latency and CPU values). "
                + "Latency and CPU regress when significant and over their minimum effect; bytes, requests and loss "
                + "by compare's tolerances. Exit 0 no regression, 1 regression, 2 bad input or undecided.",
                "Run options go after --, verbatim, e.g.: ab --a-ref HEAD~1 -- --scenario gate"})
final class AbCommand implements Callable<Integer> {

    /** Makes the rounds' launcher from the two jars; a fake in tests. */
    interface Launchers {
        AbGate.Launcher launcher(Path jarA, Path jarB, AbCommand command);
    }

    static final class SideA {
        @Option(names = "--a", description = "Side A's deliverybench jar (the baseline).")
        Path jar;

        @Option(names = "--a-ref", description = "Side A from git: this commit built in a temporary worktree, "
                + "cached under target/ab-jars/.")
        String ref;
    }

    static final class SideB {
        @Option(names = "--b", description = "Side B's jar (default: this one).")
        Path jar;

        @Option(names = "--b-ref", description = "Side B from git, as --a-ref.")
        String ref;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    SideA sideA;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SideB sideB;

    @Option(names = "--a-server-jvm-args", defaultValue = "",
            description = "Side A's server JVM options, after the run's default " + JarRounds.SERVER_JVM_BASE + ".")
    String serverJvmA;

    @Option(names = "--b-server-jvm-args", defaultValue = "",
            description = "Side B's server JVM options, e.g. \"-XX:TieredStopAtLevel=1\" (a known slowdown).")
    String serverJvmB;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds a side (default: ${DEFAULT-VALUE}, the fewest "
            + "that can decide the gate scenario's four tested values; calibrated in docs/ab-gate.md).")
    int rounds;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Significance level for the whole gate "
            + "(default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--cpu-min-effect", defaultValue = "0.10", description = "The least rise of server CPU per "
            + "message that counts, as a fraction (default: ${DEFAULT-VALUE}).")
    double cpuMinEffect;

    @Option(names = "--latency-min-effect", defaultValue = "0.15", description = "The least rise of latency p50/p99 "
            + "that counts, as a fraction (default: ${DEFAULT-VALUE}).")
    double latencyMinEffect;

    @Option(names = "--round-timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "The most one round may take (default: ${DEFAULT-VALUE}).")
    Duration roundTimeout;

    @Option(names = "--results", defaultValue = "results",
            description = "Where the gate's folder goes: <results>/ab/<timestamp>/ (default: ${DEFAULT-VALUE}).")
    Path results;

    @Parameters(description = "The run options of every round, after --, passed to each side's run as given.")
    List<String> runOptions = List.of();

    private final Launchers launchers;

    AbCommand() {
        this((a, b, command) -> new JarRounds(a, b, command.serverJvmA, command.serverJvmB, command.runOptions,
                command.roundTimeout));
    }

    AbCommand(Launchers launchers) {
        this.launchers = launchers;
    }

    @Override
    public Integer call() throws InterruptedException {
        AbComparison.Settings settings = new AbComparison.Settings(alpha, latencyMinEffect, cpuMinEffect, 0.95);
        Path jarA;
        Path jarB;
        try {
            check();
            GitJars git = sideA.ref != null || (sideB != null && sideB.ref != null)
                    ? new GitJars(GitJars.topLevel(Path.of("").toAbsolutePath()), System.err) : null;
            jarA = sideA.ref != null ? git.jar(sideA.ref) : existing(sideA.jar, "--a");
            jarB = sideB == null ? ownJar() : sideB.ref != null ? git.jar(sideB.ref) : existing(sideB.jar, "--b");
        } catch (IllegalArgumentException | GitJars.BuildFailed e) {
            System.err.println("deliverybench ab: " + e.getMessage());
            return 2;
        }
        Path dir = results.resolve("ab").resolve(
                LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        System.err.printf("ab: A %s%s, B %s%s; %d rounds a side, ABBA; run %s; results %s%n", jarA,
                serverJvmA.isEmpty() ? "" : " [" + serverJvmA + "]", jarB, serverJvmB.isEmpty() ? "" : " [" + serverJvmB + "]",
                rounds, String.join(" ", runOptions), dir.toAbsolutePath());
        try {
            List<AbComparison.Round> done = new AbGate(launchers.launcher(jarA, jarB, this), System.err)
                    .rounds(rounds, dir.resolve("rounds"));
            List<AbComparison.Row> rows = AbComparison.compare(done, settings);
            String table = AbFormat.text(rows, settings);
            System.out.print(table);
            Path page = AbResults.write(dir, settingsMap(jarA, jarB), done, rows, table);
            System.out.println("results: " + dir.toAbsolutePath());
            System.out.println("report:  " + page.toAbsolutePath());
            if (AbComparison.count(rows, AbComparison.Verdict.UNDECIDED) > 0) {
                long tests = rows.stream().filter(r -> !Double.isNaN(r.pAdjusted())).count();
                System.err.printf("deliverybench ab: not enough rounds to decide: %d tested values need at least %d "
                        + "rounds a side at alpha %s%n", tests, AbComparison.roundsNeeded((int) tests, alpha), alpha);
            }
            return AbComparison.exitCode(rows);
        } catch (IOException e) {
            System.err.println("deliverybench ab: " + e.getMessage());
            return 2;
        }
    }

    private void check() {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("--alpha must be between 0 and 1, not " + alpha);
        }
        if (!(cpuMinEffect >= 0) || !(latencyMinEffect >= 0)) {
            throw new IllegalArgumentException("--cpu-min-effect and --latency-min-effect must be 0 or more");
        }
        if (rounds > 50) {
            throw new IllegalArgumentException("--rounds is at most 50 a side");
        }
        int least = AbComparison.roundsNeeded(1, alpha);
        if (rounds < least) {
            throw new IllegalArgumentException(String.format("--rounds %d: with fewer than %d rounds a side no "
                    + "Mann-Whitney p can fall under %s (the smallest is %.3f), so the gate could never decide",
                    rounds, least, alpha, MannWhitney.smallestP(Math.max(rounds, 0), Math.max(rounds, 0))));
        }
        JarRounds.checkRunOptions(runOptions);
    }

    private Map<String, Object> settingsMap(Path jarA, Path jarB) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", sideA.ref != null ? sideA.ref : jarA.toString());
        map.put("b", sideB != null && sideB.ref != null ? sideB.ref : jarB.toString());
        map.put("a_server_jvm_args", (JarRounds.SERVER_JVM_BASE + " " + serverJvmA).trim());
        map.put("b_server_jvm_args", (JarRounds.SERVER_JVM_BASE + " " + serverJvmB).trim());
        map.put("rounds_per_side", rounds);
        map.put("run_options", runOptions);
        map.put("alpha", alpha);
        map.put("cpu_min_effect", cpuMinEffect);
        map.put("latency_min_effect", latencyMinEffect);
        return map;
    }

    private static Path existing(Path jar, String option) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(option + " " + jar + ": no such file");
        }
        return jar.toAbsolutePath();
    }

    /** The jar this command runs from: side B by default. */
    private static Path ownJar() {
        try {
            Path self = Path.of(AbCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self)) {
                return self;
            }
        } catch (URISyntaxException | SecurityException e) {
            // Falls through to the message below.
        }
        throw new IllegalArgumentException("not running from a jar: give side B with --b JAR or --b-ref REF");
    }
}
