package deliverybench.options;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the run's files go and whether a live page shows it as it goes; not part of what run.json records. */
public final class OutputOptions extends Group {

    @Option(names = "--results", defaultValue = "results",
            description = "Where run folders go: <results>/runs/<timestamp>/ (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--live", description = "Serve a page that shows the run as it goes (progress, sent and delivered, "
            + "p99 per second, the cost rows as each strategy ends), on loopback; its URL is printed at the start.")
    boolean live;

    @Option(names = "--live-port", description = "Port of the --live page (implies --live; default: a free one).")
    Integer livePort;

    @Option(names = "--driver-stages", description = "Print where the driver's own time went in each measured window "
            + "(pacer wake-up, hand-off to the I/O thread, write, ticks, GC pauses: p50/p99/p99.9/max); the same is always "
            + "written to <run>/<strategy>.driver-stages.json.")
    boolean driverStages;

    public Path results() { return results; }
    /** True when each window's driver-stage table is printed. */
    public boolean driverStages() { return driverStages; }
    /** True when the live page is asked for, by --live or --live-port. */
    public boolean live() { return live || livePort != null; }
    /** The live page's port, 0 for a free one. */
    public int livePort() { return livePort == null ? 0 : livePort; }
}
