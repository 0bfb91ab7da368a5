package deliverybench.options;

import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/** The faults injected into the measured window. */
public final class ChaosOptions extends Group {

    @Option(names = "--chaos", split = ",", description = "Faults, comma-separated: drop=<fraction per second> "
            + "(abruptly close random receiver connections; they resume with after), pause=<duration>@<time> "
            + "(SIGSTOP the spawned server at <time> into the measured window, SIGCONT after <duration>), "
            + "slow=<fraction> (that fraction of push receivers read about 1 message or 1 KiB a second), "
            + "restart@<time> (a fresh server, with empty inboxes, on the same ports); with --gateways, "
            + "kill-gateway@<time> (SIGKILL a gateway; its clients move to another), redis-pause=<duration>@<time> "
            + "(SIGSTOP Redis) and, with --redis-shards S --redis-replicas 1 or more, kill-redis-primary@<time> "
            + "(SIGKILL one primary of the Redis Cluster; its replica takes over, and the run counts what the "
            + "failover lost).")
    List<String> chaos = List.of();

    /** The faults parsed; transient, so run.json records them as given. */
    private transient Chaos faults;

    void validate(Duration window) {
        faults = Chaos.parse(chaos);
        require(faults.pause() == null || faults.pauseAt().plus(faults.pause()).compareTo(window) <= 0,
                "--chaos pause must end within --duration");
        require(faults.restartAt() == null || faults.restartAt().compareTo(window) < 0,
                "--chaos restart must come within --duration");
        require(faults.killGatewayAt() == null || faults.killGatewayAt().compareTo(window) < 0,
                "--chaos kill-gateway must come within --duration");
        require(faults.redisPause() == null || faults.redisPauseAt().plus(faults.redisPause()).compareTo(window) <= 0,
                "--chaos redis-pause must end within --duration");
        require(faults.killRedisPrimaryAt() == null || faults.killRedisPrimaryAt().compareTo(window) < 0,
                "--chaos kill-redis-primary must come within --duration");
    }

    /** The faults to inject, {@link Chaos#NONE} for a clean run. */
    public Chaos faults() {
        return faults != null ? faults : Chaos.parse(chaos);
    }
}
