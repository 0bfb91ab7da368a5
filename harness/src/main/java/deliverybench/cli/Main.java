package deliverybench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code deliverybench} command: one verb per job. */
@Command(name = "deliverybench", mixinStandardHelpOptions = true, version = "deliverybench 0.1.0",
        description = "Measures how a new message reaches its user, strategy by strategy: polls, push over WebSocket, TCP, SSE, HTTP streaming and MQTT.",
        subcommands = {RunCommand.class, DriveCommand.class, MergeCommand.class, ReportCommand.class, CompareCommand.class, AbCommand.class, CostFitCommand.class, ServeCommand.class, DemoCommand.class, TokenCommand.class, HelloCommand.class, StormCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    // Held here so that the level set on it is not lost when the logger is collected.
    private static final java.util.logging.Logger XNIO_LOG = java.util.logging.Logger.getLogger("org.xnio");
    private static final java.util.logging.Logger UNDERTOW_LOG = java.util.logging.Logger.getLogger("io.undertow");

    public static void main(String[] args) {
        XNIO_LOG.setLevel(java.util.logging.Level.WARNING);
        UNDERTOW_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /** The CLI, for tests that run a command in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
