package deliverybench.run;

import deliverybench.run.chaos.ChaosMonkey;
import deliverybench.run.send.Sender;
import deliverybench.run.server.Profiling;
import deliverybench.run.server.StatsReader;
import deliverybench.run.server.ServerProcess;
import deliverybench.options.RunOptions;
import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.auth.TokenMinter;
import deliverybench.client.Acker;
import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.core.stats.StatsKeys;
import deliverybench.measure.DeliveryLedger;
import deliverybench.measure.SendAnswers;
import deliverybench.measure.DriverStages;
import deliverybench.measure.Inbound;
import deliverybench.measure.LatencyRig;
import deliverybench.measure.MetricValues;
import deliverybench.measure.Saturation;
import deliverybench.measure.ServerCost;
import deliverybench.radio.RadioCsv;
import deliverybench.radio.RadioMetrics;
import deliverybench.radio.RadioRecorder;
import deliverybench.radio.RadioTheory;
import deliverybench.radio.RadioUsage;
import deliverybench.metric.Metric;
import deliverybench.results.Floor;
import deliverybench.results.StrategyResult;
import deliverybench.run.cluster.ClusterCost;
import deliverybench.schedule.Pacer;
import deliverybench.schedule.PacerPriority;
import deliverybench.schedule.RunClock;
import deliverybench.schedule.SendSchedule;
import deliverybench.shard.Shard;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Wakeups;
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
    // Nothing delivered for this long (plus the strategy's extra grace), with nothing queued, is quiet.
    private static final long QUIET_NS = TimeUnit.SECONDS.toNanos(1);
    // Beyond twice a heartbeat's detection bound: the reconnect's backoff and the resumed connection's first answer.
    private static final long DEAD_MARGIN_NS = TimeUnit.SECONDS.toNanos(2);

    private final RunOptions config;
    private final Strategy strategy;
    private final Wiring wiring;
    private final RunClock clock;
    private final Executor background;
    private final Path runDir;
    private final Floor floor;
    private final Consumer<String> progress;
    private final ServerProcess serverProcess;
    private final boolean sharedCores;
    private final String label;
    private boolean profile;
    private RunListener listener = RunListener.NONE;
    private Shard shard = Shard.WHOLE;
    // drive --start-at: the wall-clock instant (epoch ms) every shard's schedule starts at; 0 for when connected.
    private long startAtMs;

    /**
     * @param background where the server's counters are read, off the sending thread
     * @param serverProcess the spawned server that chaos may pause or restart; null when there is none
     * @param sharedCores   whether the server and the driver run on the same cores (no pinning)
     * @param label         the result's name and its interval log's: the strategy's, or a capacity step's
     */
    StrategyRun(RunOptions config, Strategy strategy, Wiring wiring, RunClock clock, Executor background, Path runDir,
                Floor floor, Consumer<String> progress, ServerProcess serverProcess, boolean sharedCores, String label) {
        this.config = config;
        this.strategy = strategy;
        this.wiring = wiring;
        this.clock = clock;
        this.background = background;
        this.runDir = runDir;
        this.floor = floor;
        this.progress = progress;
        this.serverProcess = serverProcess;
        this.sharedCores = sharedCores;
        this.label = label;
    }

    /** Profiles the server's CPU over the measured window (its server was started with {@code --profile-dir}). */
    StrategyRun profiled(boolean on) {
        this.profile = on;
        return this;
    }

    /** Tells {@code runListener} each second of the measured window ({@code run --live}). */
    StrategyRun listenedBy(RunListener runListener) {
        this.listener = runListener;
        return this;
    }

    /** Drives one shard of a run: its users named apart from the other shards', its schedule from {@code startAtMs}. */
    StrategyRun asShard(Shard part, long startAtEpochMs) {
        this.shard = part;
        this.startAtMs = startAtEpochMs;
        return this;
    }

    StrategyResult run(String runTag) throws IOException, InterruptedException {
        String[] users = new String[config.workload().clients()];
        for (int i = 0; i < users.length; i++) {
            users[i] = "u" + runTag + shard.userTag() + "-" + config.strategies().indexOf(strategy) + "-" + i;
        }
        TokenMinter minter = new TokenMinter(wiring.secret());
        Duration validFor = config.window().duration().plus(config.window().warmup()).plus(Duration.ofHours(1));
        DeliveryLedger ledger = new DeliveryLedger(config.workload().clients(), config.workload().devices());
        LatencyRig rig = new LatencyRig(clock);
        Inbound inbound = new Inbound(ledger, rig, clock);
        List<Receiver> receivers = new ArrayList<>(config.workload().receivers());
        for (int d = 0; d < config.workload().receivers(); d++) {
            receivers.add(strategy.receiver(wiring.clients(d), inbound.device(d),
                    minter.mint(users[d / config.workload().devices()], validFor), config.workload().seed() + d));
        }
        try (Fleet fleet = new Fleet(receivers, wiring.clients(), clock);
             Sender sender = wiring.sender(ledger, users, minter.mint("sender", validFor), config.workload().payloadBytes())) {
            fleet.slowDown(config.chaos().faults().slowFraction(), config.workload().seed());
            long connectedFromNs = clock.nanoTime();
            fleet.connect(config.workload().connectRate(), label, progress);
            return measure(ledger, rig, inbound, sender, fleet, connectedFromNs);
        } finally {
            if (wiring.radio() != null) {
                wiring.radio().close();
            }
        }
    }

    private StrategyResult measure(DeliveryLedger ledger, LatencyRig rig, Inbound inbound, Sender sender, Fleet fleet,
                                   long connectedFromNs) throws IOException, InterruptedException {
        long t0 = clock.nanoTime() + WARMUP_DELAY_NS;
        if (startAtMs > 0) {
            // The one wall-clock read of a shard: where the shared start instant falls on this JVM's nanoTime. From
            // here on, a message's send and delivery are both timed by this JVM's clock, as in any run.
            long aheadMs = startAtMs - System.currentTimeMillis();
            if (aheadMs < 0) {
                throw new IOException("shard " + shard + " was connected " + -aheadMs + " ms after --start-at: "
                        + "give its devices more time to connect (a later --start-at)");
            }
            t0 = clock.nanoTime() + aheadMs * 1_000_000L;
        }
        Pacer pacer = new Pacer(clock);
        SendSchedule schedule = new SendSchedule(config.workload().ratePerSecond(), config.workload().arrival(), config.workload().clients(),
                config.workload().fanout(), shard.seed(config.workload().seed()));
        StatsReader server = wiring.server();
        ChaosMonkey monkey = new ChaosMonkey(config.chaos().faults(), fleet.receivers(), serverProcess, wiring.clusterFaults(),
                config.workload().seed(), progress, ledger);
        Profiling profiling = profile ? new Profiling(wiring.clients().http(), background, label + ".html") : null;
        DriverStages stages = new DriverStages();
        MeasuredWindow.WindowListener opened = new MeasuredWindow.WindowListener() {
            @Override
            public void opened(long startNs, long endNs) {
                // The driver's stages count from here, like the latencies.
                sender.intervalHandoffNs();
                sender.intervalWriteNs();
                ledger.answers().record();
                stages.countGcFromHere();
                monkey.start(startNs, endNs);
                if (profiling != null) {
                    profiling.start();
                }
            }

            @Override
            public void closed() {
                if (profiling != null) {
                    profiling.stop();
                }
            }
        };
        try (PrintStream hlogFile = new PrintStream(runDir.resolve(label + ".hlog").toFile(), "UTF-8")) {
            MeasuredWindow window = new MeasuredWindow(label, rig, pacer, hlog(hlogFile), server, background, t0,
                    config.window().warmup().toNanos(), config.window().warmupMax().toNanos(), config.window().duration().toNanos(),
                    config.workload().ratePerSecond(), ledger, sender, progress, opened, listener);
            stages.listenToGc();
            try (PacerPriority ignored = PacerPriority.raise(
                    config.sending().realtimeSending(config.workload().ratePerSecond()), progress)) {
                pacer.run(schedule, t0, (intended, recipients) -> sender.send(recipients, intended), window);
            } finally {
                monkey.stop();
                stages.close();
            }
            if (monkey.failure() != null) {
                throw new IOException(monkey.failure());
            }
            MeasuredWindow.Outcome outcome = window.outcome();
            fleet.speedUp();
            long extraGraceNs = TimeUnit.MILLISECONDS.toNanos(strategy.extraGraceMs(config.workload().shape(Double.NaN)));
            // A message sent into a connection a NAT forgot shows up only once a heartbeat finds it dead and the client
            // resumes: the drain waits that long, twice (the resumed connection may die too), with nothing arriving.
            long deadNs = config.network().natIdleNs() > 0 ? 2 * wiring.clients().heartbeat().detectionBoundNs() + DEAD_MARGIN_NS : 0;
            Drain.Outcome drain = new Drain(clock, ledger, sender, server, strategy.statsKey()).run(inbound,
                    config.window().grace().toNanos() + extraGraceNs, QUIET_NS + extraGraceNs + deadNs,
                    config.window().drainMax().toNanos() + deadNs);
            window.last();
            if (strategy.acks()) {
                // Let the last acks (sent at most Acker.EVERY_MS after a message) reach the server.
                clock.sleepUntil(clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * Acker.EVERY_MS));
            }
            JsonNode end = server.stats();
            MetricValues metrics = account(ledger, inbound, window, pacer, outcome, drain, end);
            if (wiring.radio() != null) {
                radio(metrics, wiring.radio().recorder(), outcome);
            }
            double deviceHours = config.workload().receivers() * ((clock.nanoTime() - connectedFromNs) / 3.6e12);
            long heartbeats = wiring.clients().heartbeats().heartbeats();
            metrics.put(Metric.HEARTBEATS, heartbeats)
                    .put(Metric.HEARTBEATS_PER_DEVICE_HOUR, heartbeats / deviceHours)
                    .put(Metric.DEAD_FOUND_BY_HEARTBEAT, wiring.clients().heartbeats().deadFound())
                    .put(Metric.DEAD_WAITED, inbound.deadWaited())
                    .put(Metric.DEAD_WAIT_MEAN_US, inbound.deadWaitMeanUs())
                    .put(Metric.DEAD_WAIT_MAX_US, inbound.deadWaitMaxUs());
            stages.put("pacer_lag", pacer.lagNs()).put("pacer_wake_late", pacer.wakeLateNs())
                    .put("pacer_tick_hold", pacer.tickHoldNs()).put("sender_handoff", sender.intervalHandoffNs())
                    .put("sender_write", sender.intervalWriteNs()).put("send_delay", window.sendDelay());
            stages.write(runDir, label);
            if (config.output() != null && config.output().driverStages()) {
                progress.accept(stages.table(label));
            }
            Saturation.Limit limit = Saturation.of(metrics, sharedCores, Runtime.getRuntime().availableProcessors());
            String profiled = profiling == null ? null : profiling.outcome();
            if (profiled != null) {
                progress.accept(label + " flame graph: " + profiled);
            }
            return StrategyResult.of(label, limit.label(), metrics.byKey()).withProfile(profiled);
        }
    }

    private MetricValues account(DeliveryLedger ledger, Inbound inbound, MeasuredWindow window, Pacer pacer,
                                 MeasuredWindow.Outcome outcome, Drain.Outcome drain, JsonNode end) {
        DeliveryLedger.Totals totals = ledger.totals();
        ClientContext clients = wiring.clients();
        long durationNs = outcome.endNs() - outcome.startNs();
        double seconds = durationNs / 1e9;
        // What was accepted and is still missing is lost only when everything had gone quiet; when the
        // drain's bound cut it off while deliveries were still coming, it is late.
        long undelivered = drain.undelivered();
        MetricValues metrics = new MetricValues()
                .put(Metric.SCHEDULED, pacer.sent() * config.workload().fanout())
                .put(Metric.SENT, totals.sent())
                .put(Metric.SEND_ERRORS, totals.sendErrors())
                .put(Metric.NOT_SENT, Math.max(0, pacer.sent() * config.workload().fanout() - totals.sent() - totals.sendErrors()))
                .put(Metric.DELIVERED, totals.delivered())
                .put(Metric.EXPECTED_DELIVERIES, (double) totals.sent() * config.workload().devices())
                .put(Metric.LOST, (drain.cutOff() ? ledger.lostToRestarts() : totals.lost()) + ledger.lostToReusedSeqs())
                .put(Metric.LOST_TO_RESTART, ledger.lostToRestarts())
                .put(Metric.LOST_IN_FAILOVER, ledger.lostToReusedSeqs())
                .put(Metric.LATE, inbound.late() + (drain.cutOff() ? undelivered : 0))
                .put(Metric.UNDELIVERED_AT_CUTOFF, drain.cutOff() ? undelivered : 0)
                .put(Metric.DUPLICATES, totals.duplicates())
                .put(Metric.RESENT_TO_DEVICE, clients.resent())
                .put(Metric.OUT_OF_ORDER, totals.outOfOrder())
                .put(Metric.RECONNECTS, clients.reconnects())
                .put(Metric.GONE, clients.gone())
                .put(Metric.RECEIVER_ERRORS, clients.errors())
                .put(Metric.RECORDED, window.corrected().getTotalCount())
                .put(Metric.WARMUP_MS, outcome.warmupNs() / 1e6)
                .put(Metric.DRAIN_MS, drain.drainNs() / 1e6)
                .put(Metric.DELIVERED_PER_SECOND, outcome.deliveredInWindow() / seconds)
                .corrected(window.corrected())
                .uncorrected(window.uncorrected());
        double floorUs = floor == null ? Double.NaN : floor.tcpPingP50Us();
        metrics.put(Metric.LATENCY_P50_FLOOR_MULTIPLE, metrics.get(Metric.LATENCY_P50_US) / floorUs)
                .put(Metric.LATENCY_P99_FLOOR_MULTIPLE, metrics.get(Metric.LATENCY_P99_US) / floorUs);
        ServerCost.put(metrics, strategy.statsKey(), outcome.before(), outcome.after(), seconds);
        double payload = inbound.payloadBytesPerMessage();
        metrics.put(Metric.PAYLOAD_BYTES_PER_MESSAGE, payload)
                .put(Metric.OVERHEAD_BYTES_PER_MESSAGE, metrics.get(Metric.BYTES_PER_MESSAGE) - payload);
        ClusterCost.put(metrics, outcome.before(), outcome.after(), seconds);
        Histogram answers = ledger.answers().answerTimes();
        if (answers.getTotalCount() > 0) {
            metrics.put(Metric.SEND_ANSWER_P50_US, MetricValues.us(answers.getValueAtPercentile(50)))
                    .put(Metric.SEND_ANSWER_P99_US, MetricValues.us(answers.getValueAtPercentile(99)));
        }
        SendAnswers.Failover failover = ledger.answers().failover();
        if (failover != null) {
            metrics.put(Metric.FAILOVER_RECOVERY_US, failover.recoveryNs() < 0 ? Double.NaN : failover.recoveryNs() / 1e3)
                    .put(Metric.FAILOVER_SEND_ERRORS, failover.failed())
                    .put(Metric.FAILOVER_DELAYED, failover.delayed());
            progress.accept(String.format("%s failover: %s; %d sends to its slots failed and %d were delayed in the gap;"
                            + " %d acknowledged sends were lost (%d device deliveries: their seqs were given again)",
                    label, failover.recoveryNs() < 0 ? "no send to its slots was stored again"
                            : String.format("the first send written after the kill was stored %.2f s after it",
                            failover.recoveryNs() / 1e9), failover.failed(), failover.delayed(),
                    ledger.lostToReusedSeqs() / config.workload().devices(), ledger.lostToReusedSeqs()));
        }
        Histogram lag = pacer.lagNs();
        Histogram sendDelay = window.sendDelay();
        double p99Us = metrics.get(Metric.LATENCY_P99_US);
        double sendDelayP99Us = MetricValues.us(sendDelay.getValueAtPercentile(99));
        return metrics
                .put(Metric.DRIVER_SHARE_OF_P99_PERCENT, p99Us > 0 && sendDelay.getTotalCount() > 0
                        ? Math.min(100, 100 * sendDelayP99Us / p99Us) : Double.NaN)
                .put(Metric.SEND_RATE_ASKED, config.workload().ratePerSecond())
                .put(Metric.SEND_RATE_ACHIEVED, outcome.acceptedInWindow() / (double) config.workload().fanout() / seconds)
                .put(Metric.DRIVER_SEND_DELAY_P50_US, MetricValues.us(sendDelay.getValueAtPercentile(50)))
                .put(Metric.DRIVER_SEND_DELAY_P99_US, MetricValues.us(sendDelay.getValueAtPercentile(99)))
                .put(Metric.DRIVER_SEND_DELAY_MAX_US, MetricValues.us(sendDelay.getMaxValue()))
                .put(Metric.SEND_BACKLOG_MAX, outcome.backlogMax())
                .put(Metric.DRIVER_LAG_P99_US, MetricValues.us(lag.getValueAtPercentile(99)))
                .put(Metric.DRIVER_LAG_MAX_US, MetricValues.us(lag.getMaxValue()))
                .put(Metric.DRIVER_CPU_PERCENT, 100.0 * outcome.driverCpuNs() / durationNs)
                .put(Metric.DRIVER_CPU_US_PER_MESSAGE, driverUsPerMessage(
                        outcome.driverCpuNs() - outcome.driverJitGcNs(), metrics.get(Metric.SERVER_MESSAGES_DELIVERED)))
                .put(Metric.DRIVER_PROCESS_CPU_US_PER_MESSAGE, driverUsPerMessage(outcome.driverCpuNs(),
                        metrics.get(Metric.SERVER_MESSAGES_DELIVERED)))
                .put(Metric.DRIVER_THREADS, outcome.driverThreads())
                .put(Metric.DRIVER_CORES, Runtime.getRuntime().availableProcessors())
                .put(Metric.SERVER_HEAP_PEAK_BYTES, outcome.serverHeapPeakBytes())
                .put(Metric.SERVER_UNACKED_MESSAGES,
                        end.path(strategy.statsKey()).path(StatsKeys.UNACKED_MESSAGES).asDouble(Double.NaN));
    }

    /** run --radio: the model on the sampled devices' timelines over the measured window, and the timelines' file. */
    private void radio(MetricValues metrics, RadioRecorder recorder, MeasuredWindow.Outcome outcome) throws IOException {
        double fromS = recorder.seconds(outcome.startNs());
        double toS = recorder.seconds(outcome.endNs());
        RadioUsage usage = RadioMetrics.usage(config.radio().model(), recorder, fromS, toS);
        Wakeups wakeups = strategy.wakeups(config.workload().shape(Double.NaN), config.network().heartbeat());
        RadioMetrics.put(metrics, usage, recorder.devices(), toS - fromS,
                RadioMetrics.slowestPeriodS(wakeups, config.workload()));
        metrics.put(Metric.RADIO_THEORY_J_PER_HOUR, RadioTheory.energyJPerHour(config.radio().model(), wakeups,
                config.workload(), config.workload().seed()));
        RadioCsv.write(runDir, label, recorder, fromS, toS);
    }

    /** The driver's CPU per message the server delivered; NaN when none was. */
    static double driverUsPerMessage(long driverCpuNs, double serverDelivered) {
        return serverDelivered > 0 ? driverCpuNs / 1e3 / serverDelivered : Double.NaN;
    }

    private HistogramLogWriter hlog(PrintStream file) {
        HistogramLogWriter hlog = new HistogramLogWriter(file);
        long wallStartMs = System.currentTimeMillis();
        hlog.outputComment("deliverybench " + label + ": latency in ns; tags corrected (now - intended) "
                + "and uncorrected (now - sent)");
        hlog.outputLogFormatVersion();
        hlog.outputStartTime(wallStartMs);
        hlog.setBaseTime(wallStartMs);
        hlog.outputLegend();
        return hlog;
    }
}
