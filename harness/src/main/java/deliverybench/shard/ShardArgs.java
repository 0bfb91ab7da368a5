package deliverybench.shard;

import deliverybench.results.DurationText;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The options of {@code run} a driver shard is given: each one the command line or the scenario set, as the run
 * holds it now, except those the run keeps (the server, the search, the pinning, the output) or each launch sets.
 */
public final class ShardArgs {

    /** Set by each launch, or the run's alone. */
    static final Set<String> KEPT = Set.of("--shards", "--driver-cpus", "--server-cpus", "--server-jvm-args",
            "--server-args", "--results", "--live", "--live-port", "--profile", "--strategy", "--rate", "--send-via",
            "--server", "--tcp-port", "--mqtt-port", "--secret", "--find-capacity", "--slo", "--start-rate",
            "--max-rate", "--refine", "--scenario", "--help", "--version");

    private ShardArgs() {
    }

    /** @param scenarioSet the options the scenario set, by name */
    public static List<String> of(CommandSpec run, Collection<String> scenarioSet) {
        ParseResult parsed = run.commandLine().getParseResult();
        List<String> args = new ArrayList<>();
        for (OptionSpec option : run.options()) {
            String name = option.longestName();
            boolean set = parsed.hasMatchedOption(option) || option.names().length > 0
                    && java.util.Arrays.stream(option.names()).anyMatch(scenarioSet::contains);
            Object value = option.getValue();
            if (!set || KEPT.contains(name) || value == null) {
                continue;
            }
            if (value instanceof Boolean on) {
                if (on && option.arity().max() == 0) {
                    args.add(name);
                } else if (option.arity().max() > 0) {
                    args.addAll(List.of(name, on.toString()));
                }
                continue;
            }
            args.addAll(List.of(name, text(value, option.splitRegex())));
        }
        return args;
    }

    private static String text(Object value, String split) {
        if (value instanceof Duration duration) {
            return DurationText.format(duration);
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Collection<?> items) {
            String separator = split == null || split.isEmpty() ? "," : split;
            return String.join(separator, items.stream().map(item -> text(item, null)).toList());
        }
        return value.toString();
    }
}
