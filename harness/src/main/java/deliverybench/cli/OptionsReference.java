package deliverybench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * docs/options.md, generated from the commands' picocli annotations so that it cannot drift from them: one table per
 * command, the run command's split by its option groups. {@code OptionsReferenceTest} fails when the committed file
 * differs; {@link #main} rewrites it.
 */
public final class OptionsReference {

    /** Where the reference lives, from the repository's root. */
    public static final Path FILE = Path.of("docs", "options.md");

    private OptionsReference() {
    }

    /** Writes the reference to {@code args[0]}, or to docs/options.md under the working directory. */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : FILE;
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + file.toAbsolutePath());
    }

    /** The whole reference. */
    public static String markdown() {
        StringBuilder out = new StringBuilder("""
                # Options

                Every option of every `deliverybench` command, generated from the code's annotations by
                `harness/src/main/java/deliverybench/cli/OptionsReference.java`: do not edit by hand. After changing an
                option, regenerate it with
                `mvn -B -o -q -pl harness -am test -Dtest=OptionsReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Doptions.update=true`
                (the test fails while this file and the code differ). `deliverybench <command> --help` prints the same.
                """);
        for (CommandLine command : Main.commandLine().getSubcommands().values().stream().distinct().toList()) {
            CommandSpec spec = command.getCommandSpec();
            if (spec.name().equals("help")) {
                continue;
            }
            out.append("\n## ").append(spec.name()).append("\n\n").append(String.join(" ", spec.usageMessage().description()))
                    .append('\n');
            List<OptionSpec> grouped = new ArrayList<>();
            for (Map.Entry<String, CommandSpec> mixin : spec.mixins().entrySet()) {
                for (Map.Entry<String, CommandSpec> group : mixin.getValue().mixins().entrySet()) {
                    out.append("\n### ").append(spec.name()).append(": ").append(group.getKey()).append("\n\n");
                    table(out, group.getValue().options());
                    grouped.addAll(group.getValue().options());
                }
            }
            List<OptionSpec> rest = spec.options().stream()
                    .filter(option -> !option.usageHelp() && !option.versionHelp())
                    .filter(option -> grouped.stream().noneMatch(g -> g.longestName().equals(option.longestName())))
                    .toList();
            if (!rest.isEmpty()) {
                out.append('\n');
                if (!grouped.isEmpty()) {
                    out.append("### ").append(spec.name()).append(": general\n\n");
                }
                table(out, rest);
            }
        }
        return out.toString();
    }

    private static void table(StringBuilder out, List<OptionSpec> options) {
        out.append("| option | default | description |\n|---|---|---|\n");
        for (OptionSpec option : options) {
            String names = option.negatable()
                    ? option.longestName().replaceFirst("^--", "--[no-]") : String.join(", ", option.names());
            String value = option.arity().max() > 0 && !option.type().equals(boolean.class)
                    ? " " + option.paramLabel() : "";
            String fallback = option.defaultValue() != null ? option.defaultValue() : option.initialValue() == null
                    || option.initialValue() instanceof List<?> list && list.isEmpty() ? "" : String.valueOf(option.initialValue());
            String defaults = option.type().equals(boolean.class) && !option.negatable() ? "" : fallback;
            out.append("| `").append(names).append(value.replace("|", "\\|")).append("` | ")
                    .append(defaults.isEmpty() ? "" : "`" + defaults + "`").append(" | ")
                    .append(escape(description(option))).append(" |\n");
        }
    }

    /** The description with picocli's variables filled in, as --help prints it. */
    private static String description(OptionSpec option) {
        String text = String.join(" ", option.description());
        Iterable<String> candidates = option.completionCandidates();
        if (candidates != null) {
            List<String> all = new ArrayList<>();
            candidates.forEach(all::add);
            text = text.replace("${COMPLETION-CANDIDATES}", String.join(", ", all));
        }
        return text.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValueString()));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
                .lines().collect(Collectors.joining(" "));
    }
}
