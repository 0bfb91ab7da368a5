package deliverybench.run;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.auth.TokenMinter;
import deliverybench.client.Acker;
import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.core.StatsKeys;
import deliverybench.measure.DeliveryLedger;
import deliverybench.measure.Inbound;
import deliverybench.measure.LatencyRig;
import deliverybench.measure.MetricValues;
import deliverybench.measure.ServerCost;
import deliverybench.metric.Metric;
import deliverybench.results.Floor;
import deliverybench.results.StrategyResult;
import deliverybench.run.cluster.ClusterCost;
import deliverybench.schedule.Pacer;
import deliverybench.schedule.RunClock;
import deliverybench.schedule.SendSchedule;
import deliverybench.strategy.Strategy;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one strategy on the run's workload: connect every device, send on schedule through the
 * measured window, let the last deliveries arrive, then account for every message and read the
 * server's cost. Every wait goes through the injected clock, so a whole run can be scripted.
 */
final class StrategyRun {

    private static final long WARMUP_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long DRAIN_POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);

    private final RunConfig config;
    private final Strategy strategy;
    private final Wiring wiring;
    private final RunClock clock;
    private final Executor background;
    private final Path runDir;
    private final Floor floor;
    private final Consumer<String> progress;
    private final ServerProcess serverProcess;

    /**
     * @param background where the server's counters are read, off the sending thread
     * @param serverProcess the spawned server that chaos may pause or restart; null when there is none
     */
    StrategyRun(RunConfig config, Strategy strategy, Wiring wiring, RunClock clock, Executor background, Path runDir,
                Floor floor, Consumer<String> progress, ServerProcess serverProcess) {
        this.config = config;
        this.strategy = strategy;
        this.wiring = wiring;
        this.clock = clock;
        this.background = background;
        this.runDir = runDir;
        this.floor = floor;
        this.progress = progress;
        this.serverProcess = serverProcess;
    }

    StrategyResult run(String runTag) throws IOException, InterruptedException {
        String[] users = new String[config.clients()];
        for (int i = 0; i < users.length; i++) {
            users[i] = "u" + runTag + "-" + config.strategies().indexOf(strategy) + "-" + i;
        }
        TokenMinter minter = new TokenMinter(wiring.secret());
        Duration validFor = config.duration().plus(config.warmup()).plus(Duration.ofHours(1));
        DeliveryLedger ledger = new DeliveryLedger(config.clients(), config.devices());
        LatencyRig rig = new LatencyRig(clock);
        Inbound inbound = new Inbound(ledger, rig);
        List<Receiver> receivers = new ArrayList<>(config.receivers());
        for (int d = 0; d < config.receivers(); d++) {
            receivers.add(strategy.receiver(wiring.clients(d), inbound.device(d),
                    minter.mint(users[d / config.devices()], validFor), config.seed() + d));
        }
        try (Fleet fleet = new Fleet(receivers, wiring.clients(), clock);
             Sender sender = wiring.sender(ledger, users, minter.mint("sender", validFor), config.payloadBytes())) {
            fleet.slowDown(config.chaos().slowFraction(), config.seed());
            fleet.connect(config.connectRate(), wiring.resultName(strategy), progress);
            return measure(ledger, rig, sender, fleet);
        }
    }

    private StrategyResult measure(DeliveryLedger ledger, LatencyRig rig, Sender sender, Fleet fleet)
            throws IOException, InterruptedException {
        long t0 = clock.nanoTime() + WARMUP_DELAY_NS;
        long measureStart = t0 + config.warmup().toNanos();
        long measureEnd = measureStart + config.duration().toNanos();
        rig.recordFrom(measureStart);
        Pacer pacer = new Pacer(clock);
        pacer.recordLagFrom(measureStart);
        SendSchedule schedule = new SendSchedule(config.ratePerSecond(), config.arrival(), config.clients(), config.seed());
        ServerProbe server = wiring.server();
        String name = wiring.resultName(strategy);
        try (PrintStream hlogFile = new PrintStream(runDir.resolve(name + ".hlog").toFile(), "UTF-8")) {
            HistogramLogWriter hlog = hlog(hlogFile);
            MeasuredWindow window = new MeasuredWindow(name, rig, hlog, server, background, measureStart,
                    measureEnd, ledger, progress);
            ChaosMonkey monkey = new ChaosMonkey(config.chaos(), fleet.receivers(), serverProcess, wiring.clusterFaults(),
                    measureStart, measureEnd, config.seed(), progress, ledger);
            monkey.start();
            try {
                pacer.run(schedule, t0, measureEnd, (intended, recipient) -> sender.send(recipient, intended), window);
            } finally {
                monkey.stop();
            }
            MeasuredWindow.Outcome outcome = window.outcome();
            drain(ledger, sender, fleet);
            window.interval();
            if (strategy.acks()) {
                // Let the last acks (sent at most Acker.EVERY_MS after a message) reach the server.
                clock.sleepUntil(clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * Acker.EVERY_MS));
            }
            JsonNode end = server.stats();
            MetricValues metrics = account(ledger, window.corrected(), window.uncorrected(), pacer.lagNs(), outcome,
                    end, measureEnd - measureStart);
            return StrategyResult.of(name, metrics.byKey());
        }
    }

    /** After the last send: slow receivers catch up, and what has not arrived by the grace's end is lost. */
    private void drain(DeliveryLedger ledger, Sender sender, Fleet fleet) throws InterruptedException {
        fleet.speedUp();
        long graceNs = config.grace().toNanos()
                + TimeUnit.MILLISECONDS.toNanos(strategy.extraGraceMs(config.workload(Double.NaN)));
        long graceEnd = clock.nanoTime() + graceNs;
        while ((ledger.missing() > 0 || sender.inFlight() > 0) && clock.nanoTime() - graceEnd < 0) {
            clock.sleepUntil(clock.nanoTime() + DRAIN_POLL_NS);
        }
    }

    private MetricValues account(DeliveryLedger ledger, Histogram corrected, Histogram uncorrected, Histogram lagNs,
                                 MeasuredWindow.Outcome window, JsonNode end, long durationNs) {
        DeliveryLedger.Totals totals = ledger.totals();
        ClientContext clients = wiring.clients();
        MetricValues metrics = new MetricValues()
                .put(Metric.SENT, totals.sent())
                .put(Metric.SEND_ERRORS, totals.sendErrors())
                .put(Metric.DELIVERED, totals.delivered())
                .put(Metric.EXPECTED_DELIVERIES, (double) totals.sent() * config.devices())
                .put(Metric.LOST, totals.lost())
                .put(Metric.LOST_TO_RESTART, ledger.lostToRestarts())
                .put(Metric.DUPLICATES, totals.duplicates())
                .put(Metric.OUT_OF_ORDER, totals.outOfOrder())
                .put(Metric.RECONNECTS, clients.reconnects())
                .put(Metric.GONE, clients.gone())
                .put(Metric.RECEIVER_ERRORS, clients.errors())
                .put(Metric.RECORDED, corrected.getTotalCount())
                .corrected(corrected)
                .uncorrected(uncorrected);
        double floorUs = floor == null ? Double.NaN : floor.tcpPingP50Us();
        metrics.put(Metric.LATENCY_P50_FLOOR_MULTIPLE, metrics.get(Metric.LATENCY_P50_US) / floorUs)
                .put(Metric.LATENCY_P99_FLOOR_MULTIPLE, metrics.get(Metric.LATENCY_P99_US) / floorUs);
        ServerCost.put(metrics, strategy.statsKey(), window.before(), window.after(), durationNs / 1e9);
        ClusterCost.put(metrics, window.before(), window.after(), durationNs / 1e9);
        return metrics
                .put(Metric.DRIVER_LAG_P99_US, MetricValues.us(lagNs.getValueAtPercentile(99)))
                .put(Metric.DRIVER_LAG_MAX_US, MetricValues.us(lagNs.getMaxValue()))
                .put(Metric.DRIVER_CPU_PERCENT, 100.0 * window.driverCpuNs() / durationNs)
                .put(Metric.DRIVER_THREADS, window.driverThreads())
                .put(Metric.SERVER_HEAP_PEAK_BYTES, window.serverHeapPeakBytes())
                .put(Metric.SERVER_UNACKED_MESSAGES,
                        end.path(strategy.statsKey()).path(StatsKeys.UNACKED_MESSAGES).asDouble(Double.NaN));
    }

    private HistogramLogWriter hlog(PrintStream file) {
        HistogramLogWriter hlog = new HistogramLogWriter(file);
        long wallStartMs = System.currentTimeMillis();
        hlog.outputComment("deliverybench " + strategy.name() + ": latency in ns; tags corrected (now - intended) "
                + "and uncorrected (now - sent)");
        hlog.outputLogFormatVersion();
        hlog.outputStartTime(wallStartMs);
        hlog.setBaseTime(wallStartMs);
        hlog.outputLegend();
        return hlog;
    }
}
