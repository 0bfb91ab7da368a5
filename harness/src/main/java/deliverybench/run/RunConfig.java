package deliverybench.run;

import deliverybench.measure.MessageBody;
import deliverybench.schedule.Arrival;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Workload;

import java.time.Duration;
import java.util.List;

/**
 * Everything a run needs to be repeated: the workload and the strategies it is applied to. Made with
 * {@link #builder}, whose defaults are the command line's.
 *
 * @param strategies        measured one after another, each on the same schedule
 * @param clients           receiving users
 * @param devices           connections per user; every device gets every message
 * @param ratePerSecond     messages per second in total, open loop
 * @param arrival           constant or Poisson spacing
 * @param payloadBytes      body size of each message
 * @param duration          the measured time
 * @param warmup            the least warm-up: sent before the measured time, delivered, not recorded
 * @param warmupMax         the most warm-up: the window opens once the server's JIT is quiet, at the latest then
 * @param pollIntervalMs    short poll interval; 0 asks again as soon as answered
 * @param pollWaitSeconds   long poll {@code wait}
 * @param seed              the schedule's seed: the same seed gives every strategy the same sends
 * @param connectRate       receiver connections opened per second while ramping up
 * @param grace             after the last send, deliveries later than this are late
 * @param drainMax          after the last send, the most the run waits for the backlog and the deliveries
 * @param senderConnections kept-alive connections of the send path
 * @param senderPipeline    sends each send connection keeps out unanswered: 1 is one at a time, as wrk and
 *                          most clients do (a stalled server then stalls the sender: coordinated omission)
 * @param driverIoThreads   I/O threads of the driver's one XNIO worker
 * @param chaos             faults to inject, {@link Chaos#NONE} for a clean run
 * @param contract          2: receivers resume with the server's epoch; 1: with {@code after} alone, as v1 clients
 * @param fanout            recipients of each message (one POST, a copy into each inbox)
 * @param sendVia           the send path
 */
public record RunConfig(List<Strategy> strategies, int clients, int devices, double ratePerSecond,
                        Arrival arrival, int payloadBytes, Duration duration, Duration warmup, Duration warmupMax,
                        int pollIntervalMs, int pollWaitSeconds, long seed, int connectRate, Duration grace,
                        Duration drainMax, int senderConnections, int senderPipeline, int driverIoThreads, Chaos chaos, int contract,
                        int fanout, SendVia sendVia) {

    /** The most recipients of one message (the contract's bound on a recipient list). */
    public static final int MAX_FANOUT = 1_000;
    /** The most sends one send connection keeps out: a bound on what the driver holds per connection. */
    public static final int MAX_SENDER_PIPELINE = 1_024;

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
        require(warmupMax.compareTo(warmup) >= 0, "--warmup-max must be at least --warmup");
        require(pollIntervalMs >= 0, "--poll-interval must not be negative (0: ask again as soon as answered)");
        require(pollWaitSeconds >= 1 && pollWaitSeconds <= 120, "--poll-wait must be from 1 to 120 s (the contract's range)");
        require(connectRate >= 1, "--connect-rate must be at least 1");
        require(!grace.isNegative(), "--grace must not be negative");
        require(drainMax.compareTo(grace) >= 0, "--drain-max must be at least --grace");
        require(senderConnections >= 1, "--sender-connections must be at least 1");
        require(senderPipeline >= 1 && senderPipeline <= MAX_SENDER_PIPELINE,
                "--sender-pipeline must be from 1 to " + MAX_SENDER_PIPELINE + ", was " + senderPipeline);
        require(driverIoThreads >= 1, "--driver-io-threads must be at least 1");
        require(chaos != null, "chaos must be given (Chaos.NONE for none)");
        require(contract == 1 || contract == 2, "--contract must be 1 or 2, was " + contract);
        require(fanout >= 1 && fanout <= MAX_FANOUT, "--fanout must be from 1 to " + MAX_FANOUT + ", was " + fanout);
        require(fanout <= clients, "--fanout " + fanout + " needs at least as many --clients, was " + clients);
        require(sendVia != null, "--send-via must be given");
        require(fanout == 1 || sendVia == SendVia.HTTP, "--fanout sends to a list, which only POST /messages takes: "
                + "use --send-via http");
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

    /** The same run at another rate (a capacity step). */
    public RunConfig withRate(double rate) {
        return new RunConfig(strategies, clients, devices, rate, arrival, payloadBytes, duration, warmup, warmupMax,
                pollIntervalMs, pollWaitSeconds, seed, connectRate, grace, drainMax, senderConnections, senderPipeline, driverIoThreads,
                chaos, contract, fanout, sendVia);
    }

    /** The same run over another send path. */
    public RunConfig withSendVia(SendVia via) {
        return new RunConfig(strategies, clients, devices, ratePerSecond, arrival, payloadBytes, duration, warmup, warmupMax,
                pollIntervalMs, pollWaitSeconds, seed, connectRate, grace, drainMax, senderConnections, senderPipeline, driverIoThreads,
                chaos, contract, fanout, via);
    }

    /** The same run of other strategies. */
    public RunConfig withStrategies(List<Strategy> chosen) {
        return new RunConfig(chosen, clients, devices, ratePerSecond, arrival, payloadBytes, duration, warmup, warmupMax,
                pollIntervalMs, pollWaitSeconds, seed, connectRate, grace, drainMax, senderConnections, senderPipeline, driverIoThreads,
                chaos, contract, fanout, sendVia);
    }

    public static Builder builder(List<Strategy> strategies) {
        return new Builder(strategies);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A run configuration with the command line's defaults, changed one option at a time. */
    public static final class Builder {
        private final List<Strategy> strategies;
        private int clients = 200;
        private int devices = 1;
        private double rate = 100;
        private Arrival arrival = Arrival.POISSON;
        private int payloadBytes = 64;
        private Duration duration = Duration.ofSeconds(10);
        private Duration warmup = Duration.ofSeconds(3);
        private Duration warmupMax = Duration.ofSeconds(30);
        private int pollIntervalMs = 1_000;
        private int pollWaitSeconds = 30;
        private long seed = 1;
        private int connectRate = 2_000;
        private Duration grace = Duration.ofSeconds(3);
        private Duration drainMax = Duration.ofSeconds(30);
        private int senderConnections = 4;
        private int senderPipeline = 64;
        private int driverIoThreads = 2;
        private Chaos chaos = Chaos.NONE;
        private int contract = 2;
        private int fanout = 1;
        private SendVia sendVia = SendVia.HTTP;

        private Builder(List<Strategy> strategies) {
            this.strategies = strategies;
        }

        public Builder clients(int n) { clients = n; return this; }
        public Builder devices(int n) { devices = n; return this; }
        public Builder rate(double perSecond) { rate = perSecond; return this; }
        public Builder arrival(Arrival a) { arrival = a; return this; }
        public Builder payloadBytes(int n) { payloadBytes = n; return this; }
        public Builder duration(Duration d) { duration = d; return this; }
        /** The least warm-up; the most grows with it when it is larger. */
        public Builder warmup(Duration d) { warmup = d; warmupMax = d.compareTo(warmupMax) > 0 ? d : warmupMax; return this; }
        public Builder warmupMax(Duration d) { warmupMax = d; return this; }
        public Builder pollIntervalMs(int ms) { pollIntervalMs = ms; return this; }
        public Builder pollWaitSeconds(int s) { pollWaitSeconds = s; return this; }
        public Builder seed(long s) { seed = s; return this; }
        public Builder connectRate(int perSecond) { connectRate = perSecond; return this; }
        /** The grace; the drain's bound grows with it when it is larger. */
        public Builder grace(Duration d) { grace = d; drainMax = d.compareTo(drainMax) > 0 ? d : drainMax; return this; }
        public Builder drainMax(Duration d) { drainMax = d; return this; }
        public Builder senderConnections(int n) { senderConnections = n; return this; }
        public Builder senderPipeline(int n) { senderPipeline = n; return this; }
        public Builder driverIoThreads(int n) { driverIoThreads = n; return this; }
        public Builder chaos(Chaos c) { chaos = c; return this; }
        public Builder contract(int c) { contract = c; return this; }
        public Builder fanout(int n) { fanout = n; return this; }
        public Builder sendVia(SendVia via) { sendVia = via; return this; }

        public RunConfig build() {
            return new RunConfig(strategies, clients, devices, rate, arrival, payloadBytes, duration, warmup, warmupMax,
                    pollIntervalMs, pollWaitSeconds, seed, connectRate, grace, drainMax, senderConnections, senderPipeline, driverIoThreads,
                    chaos, contract, fanout, sendVia);
        }
    }
}
