package deliverybench.cli;

import deliverybench.options.DurationConverter;
import deliverybench.auth.TokenMinter;
import deliverybench.hostile.Aftermath;
import deliverybench.hostile.Storm;
import deliverybench.run.server.ServerProcess;
import deliverybench.run.server.ServerTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** {@code deliverybench storm}: a bad-input storm against a spawned server with a small heap, then what it left behind. */
@Command(name = "storm", mixinStandardHelpOptions = true,
        description = "Sends random and malformed input on every port and endpoint of a spawned server for a bounded time, "
                + "then checks its log, heap, connections and that it still delivers. Exit 0 when it held, 1 when not.")
final class StormCommand implements Callable<Integer> {

    /** How far the heap after a GC may end above where it started. */
    static final long HEAP_SLACK_BYTES = 16L << 20;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long the storm lasts (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--workers", defaultValue = "48",
            description = "Storm threads, each on connections of its own, at most 20 at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--heap", defaultValue = "256m", description = "The spawned server's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the storm's choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--server-args", defaultValue = "", description = "Extra serve options for the spawned server.")
    String serverArgs;

    @Option(names = "--log", description = "Where the server's log goes (default: a temporary file, kept and printed).")
    Path log;

    @Override
    public Integer call() throws Exception {
        Path serverLog = log != null ? log : Files.createTempFile("deliverybench-storm-", ".log");
        String secret = TokenMinter.randomSecret();
        List<String> extra = serverArgs.isBlank() ? List.of() : Arrays.asList(serverArgs.trim().split("\\s+"));
        System.out.printf("storm: %d s, %d workers, against a spawned server (-Xmx%s), log %s%n", duration.toSeconds(), workers,
                heap, serverLog);
        try (ServerProcess server = ServerProcess.start(secret, extra, List.of("-Xmx" + heap), serverLog)) {
            Report report = storm(server, secret, duration, workers, seed);
            report.print();
            return report.held() ? 0 : 1;
        }
    }

    /** A storm and its aftermath, as the command prints it and the tests check it. */
    record Report(Storm.Tally tally, Map<String, Long> throwables, List<String> errors, long heapBeforeBytes,
                  long heapAfterBytes, List<String> sockets, long statsOpen, int health, boolean delivered) {

        boolean held() {
            return errors.isEmpty() && health == 200 && delivered && sockets.isEmpty() && statsOpen == 0
                    && heapAfterBytes - heapBeforeBytes < HEAP_SLACK_BYTES;
        }

        void print() {
            Map<String, String> kinds = Storm.kinds();
            System.out.println("inputs sent, by kind:");
            tally.sentByKind().forEach((kind, count) -> System.out.printf("  %-24s %8d  %s%n", kind, count, kinds.get(kind)));
            System.out.printf("  %-24s %8d  (and %d connections that could not be made)%n", "total", tally.sent(), tally.connectFailures());
            System.out.println("what the server answered:");
            tally.answers().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf("  %-40s %8d%n", e.getKey(), e.getValue()));
            System.out.println("throwables named in the server's log, by kind:" + (throwables.isEmpty() ? " none" : ""));
            throwables.forEach((kind, count) -> System.out.printf("  %-40s %8d%n", kind, count));
            System.out.printf("java.lang.Error in the log: %s%n", errors.isEmpty() ? "none" : errors);
            System.out.printf("heap after a full GC: before %.1f MB, after %.1f MB%n", heapBeforeBytes / 1e6, heapAfterBytes / 1e6);
            System.out.printf("open connections after: %d sockets on the server's ports%s, %d in /stats%n", sockets.size(),
                    sockets.isEmpty() ? "" : " " + sockets, statsOpen);
            System.out.printf("/health: %d; a message sent afterwards was %s%n", health, delivered ? "delivered over TCP" : "NOT delivered");
            System.out.println(held() ? "verdict: the server held" : "verdict: the server did NOT hold");
        }
    }

    static Report storm(ServerProcess server, String secret, Duration duration, int workers, long seed) throws Exception {
        ServerTarget target = server.target();
        TokenMinter minter = new TokenMinter(secret);
        List<String> tokens = IntStream.range(0, 200).mapToObj(i -> minter.mint("storm-" + i, Duration.ofHours(2))).toList();
        Aftermath after = new Aftermath(target.http(), target.address("tcp"), server.pid());
        long heapBefore = after.heapAfterGcBytes();
        Storm storm = new Storm(new java.net.InetSocketAddress(target.http().getHost(), target.http().getPort()),
                target.address("tcp"), tokens);
        Storm.Tally tally = storm.run(duration, workers, seed);
        List<Integer> ports = new ArrayList<>(target.ports().values());
        ports.add(target.http().getPort());
        after.awaitNoConnections(ports, Duration.ofSeconds(20));
        List<String> sockets = Aftermath.serverSocketStates(ports);
        long statsOpen = after.statsOpenConnections();
        int health = after.health();
        boolean delivered = after.delivers(tokens.get(0), "after-storm", minter.mint("after-storm", Duration.ofHours(1)));
        long heapAfter = after.heapAfterGcBytes();
        Map<String, Long> throwables = Aftermath.throwablesInLog(server.log());
        return new Report(tally, throwables, Aftermath.errors(throwables), heapBefore, heapAfter, sockets, statsOpen, health, delivered);
    }
}
