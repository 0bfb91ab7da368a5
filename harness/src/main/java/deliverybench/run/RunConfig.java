package deliverybench.run;

import deliverybench.measure.MessageBody;
import deliverybench.schedule.Arrival;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Workload;

import java.time.Duration;
import java.util.List;

/**
 * Everything a run needs to be repeated: the workload and the strategies it is applied to.
 *
 * @param strategies        measured one after another, each on the same schedule
 * @param clients           receiving users
 * @param devices           connections per user; every device gets every message
 * @param ratePerSecond     messages per second in total, open loop
 * @param arrival           constant or Poisson spacing
 * @param payloadBytes      body size of each message
 * @param duration          the measured time
 * @param warmup            sent before the measured time, delivered, not recorded
 * @param pollIntervalMs    short poll interval
 * @param pollWaitSeconds   long poll {@code wait}
 * @param seed              the schedule's seed: the same seed gives every strategy the same sends
 * @param connectRate       receiver connections opened per second while ramping up
 * @param grace             after the last send, how long to wait for deliveries before counting loss
 * @param senderConnections kept-alive connections of the send path
 * @param driverIoThreads   I/O threads of the driver's one XNIO worker
 * @param chaos             faults to inject, {@link Chaos#NONE} for a clean run
 * @param contract          2: receivers resume with the server's epoch; 1: with {@code after} alone, as v1 clients
 */
public record RunConfig(List<Strategy> strategies, int clients, int devices, double ratePerSecond,
                        Arrival arrival, int payloadBytes, Duration duration, Duration warmup, int pollIntervalMs,
                        int pollWaitSeconds, long seed, int connectRate, Duration grace, int senderConnections,
                        int driverIoThreads, Chaos chaos, int contract) {

    public RunConfig {
        strategies = List.copyOf(strategies);
        require(!strategies.isEmpty(), "at least one strategy");
        require(clients >= 1, "--clients must be at least 1");
        require(devices >= 1, "--devices must be at least 1");
        require(ratePerSecond > 0, "--rate must be positive");
        require(payloadBytes >= MessageBody.MIN_BYTES && payloadBytes <= 65_536,
                "--payload must be from " + MessageBody.MIN_BYTES + " to 65536 bytes (the body carries two timestamps)");
        require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(!warmup.isNegative(), "--warmup must not be negative");
        require(pollIntervalMs >= 1, "--poll-interval must be at least 1 ms");
        require(pollWaitSeconds >= 1 && pollWaitSeconds <= 120, "--poll-wait must be from 1 to 120 s (the contract's range)");
        require(connectRate >= 1, "--connect-rate must be at least 1");
        require(senderConnections >= 1, "--sender-connections must be at least 1");
        require(driverIoThreads >= 1, "--driver-io-threads must be at least 1");
        require(chaos != null, "chaos must be given (Chaos.NONE for none)");
        require(contract == 1 || contract == 2, "--contract must be 1 or 2, was " + contract);
        require(chaos.pause() == null || chaos.pauseAt().plus(chaos.pause()).compareTo(duration) <= 0,
                "--chaos pause must end within --duration");
        require(chaos.restartAt() == null || chaos.restartAt().compareTo(duration) < 0,
                "--chaos restart must come within --duration");
        require(chaos.killGatewayAt() == null || chaos.killGatewayAt().compareTo(duration) < 0,
                "--chaos kill-gateway must come within --duration");
        require(chaos.redisPause() == null || chaos.redisPauseAt().plus(chaos.redisPause()).compareTo(duration) <= 0,
                "--chaos redis-pause must end within --duration");
    }

    /** The workload's shape, as a strategy's theory and grace see it ({@code floorUs} NaN: not measured yet). */
    public Workload workload(double floorUs) {
        return new Workload(clients, devices, ratePerSecond, pollIntervalMs, pollWaitSeconds, floorUs);
    }

    /** Receiving connections in total. */
    public int receivers() {
        return clients * devices;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
