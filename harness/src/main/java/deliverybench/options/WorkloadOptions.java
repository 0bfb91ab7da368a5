package deliverybench.options;

import deliverybench.measure.MessageBody;
import deliverybench.schedule.Arrival;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Workload;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/** What is measured and how the receivers behave: strategies, users, rate, messages, polling, resume contract. */
public final class WorkloadOptions extends Group {

    /** The most recipients of one message (the contract's bound on a recipient list). */
    public static final int MAX_FANOUT = 1_000;

    @Option(names = "--strategy", split = ",", defaultValue = "all", completionCandidates = StrategyNames.class,
            description = "Strategies, comma-separated: ${COMPLETION-CANDIDATES}; all (every one that is not a variant "
                    + "of another) or every (variants too). Default: ${DEFAULT-VALUE}.")
    List<String> strategy;

    @Option(names = "--clients", defaultValue = "200", description = "Receiving users (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--devices", defaultValue = "1", description = "Connections per user; every device gets every "
            + "message (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", defaultValue = "100", description = "Messages per second in total, open loop "
            + "(default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--arrival", defaultValue = "poisson", description = "constant or poisson (default: ${DEFAULT-VALUE}).")
    Arrival arrival;

    @Option(names = "--payload", defaultValue = "64", description = "Body bytes per message (default: ${DEFAULT-VALUE}).")
    int payload;

    @Option(names = "--fanout", defaultValue = "1",
            description = "Recipients of each message: one POST with a list of that many distinct users, a copy into "
                    + "each inbox (default: ${DEFAULT-VALUE}).")
    int fanout;

    @Option(names = "--seed", defaultValue = "1", description = "Schedule seed; the same seed gives every strategy "
            + "the same sends (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--poll-interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "Short poll interval (default: ${DEFAULT-VALUE}); 0 asks again as soon as answered, "
                    + "a client as busy as wrk (bench/driver-vs-wrk.sh).")
    Duration pollInterval;

    @Option(names = "--poll-wait", defaultValue = "30s", converter = DurationConverter.class,
            description = "Long poll wait, 1s to 120s (default: ${DEFAULT-VALUE}).")
    Duration pollWait;

    @Option(names = "--connect-rate", defaultValue = "2000",
            description = "Receiver connections opened per second (default: ${DEFAULT-VALUE}).")
    int connectRate;

    @Option(names = "--contract", defaultValue = "2", description = "The wire contract the receivers resume by: 2 "
            + "(default) sends the server's epoch back, 1 resumes with after alone, as a contract v1 client, to show "
            + "what a restart hides without the epoch.")
    int contract;

    void validate() {
        require(clients >= 1, "--clients must be at least 1");
        require(devices >= 1, "--devices must be at least 1");
        require(rate > 0, "--rate must be positive");
        require(payload >= MessageBody.MIN_BYTES && payload <= 65_536,
                "--payload must be from " + MessageBody.MIN_BYTES + " to 65536 bytes (the body carries two timestamps)");
        require(fanout >= 1 && fanout <= MAX_FANOUT, "--fanout must be from 1 to " + MAX_FANOUT + ", was " + fanout);
        require(fanout <= clients, "--fanout " + fanout + " needs at least as many --clients, was " + clients);
        require(!pollInterval.isNegative(), "--poll-interval must not be negative (0: ask again as soon as answered)");
        require(pollWait.compareTo(Duration.ofSeconds(1)) >= 0 && pollWait.compareTo(Duration.ofSeconds(120)) <= 0,
                "--poll-wait must be from 1 to 120 s (the contract's range)");
        require(connectRate >= 1, "--connect-rate must be at least 1");
        require(contract == 1 || contract == 2, "--contract must be 1 or 2, was " + contract);
    }

    /** The same workload at another rate (a capacity step). */
    WorkloadOptions withRate(double perSecond) {
        WorkloadOptions copy = copy();
        copy.rate = perSecond;
        return copy;
    }

    /** The same workload with another number of receiving users (a cost-model point). */
    WorkloadOptions withClients(int users) {
        WorkloadOptions copy = copy();
        copy.clients = users;
        return copy;
    }

    public List<String> strategy() { return strategy; }
    public int clients() { return clients; }
    public int devices() { return devices; }
    public double ratePerSecond() { return rate; }
    public Arrival arrival() { return arrival; }
    public int payloadBytes() { return payload; }
    public int fanout() { return fanout; }
    public long seed() { return seed; }
    public int pollIntervalMs() { return (int) pollInterval.toMillis(); }
    public int pollWaitSeconds() { return (int) pollWait.toSeconds(); }
    public int connectRate() { return connectRate; }
    public int contract() { return contract; }

    /** The workload's shape, as a strategy's theory and grace see it ({@code floorUs} NaN: not measured yet). */
    public Workload shape(double floorUs) {
        return new Workload(clients, devices, rate, pollIntervalMs(), pollWaitSeconds(), floorUs);
    }

    /** Receiving connections in total. */
    public int receivers() {
        return clients * devices;
    }

    /** The strategy names for {@code --strategy}'s help, from the registry. */
    static final class StrategyNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Strategies.names().iterator();
        }
    }
}
