package deliverybench.driver;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.auth.TokenMinter;
import io.undertow.connector.ByteBufferPool;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs one strategy on the run's workload: connect every device, send on schedule, record, account, read the server's cost. */
final class StrategyRun {

    private final RunConfig config;
    private final DriverStrategy strategy;
    private final ServerTarget target;
    private final XnioWorker worker;
    private final ByteBufferPool pool;
    private final Path runDir;
    private final FloorMeter.Floor floor;
    private final Consumer<String> progress;
    private final ServerProcess serverProcess;
    private final NanoClock clock = NanoClock.SYSTEM;

    StrategyRun(RunConfig config, DriverStrategy strategy, ServerTarget target, XnioWorker worker, ByteBufferPool pool,
                Path runDir, FloorMeter.Floor floor, Consumer<String> progress, ServerProcess serverProcess) {
        this.config = config;
        this.strategy = strategy;
        this.target = target;
        this.worker = worker;
        this.pool = pool;
        this.runDir = runDir;
        this.floor = floor;
        this.progress = progress;
        this.serverProcess = serverProcess;
    }

    StrategyResult run(String runTag) throws IOException, InterruptedException {
        String[] users = new String[config.clients()];
        for (int i = 0; i < users.length; i++) {
            users[i] = "u" + runTag + "-" + strategy.ordinal() + "-" + i;
        }
        TokenMinter minter = new TokenMinter(target.secret());
        Duration validFor = config.duration().plus(config.warmup()).plus(Duration.ofHours(1));
        DeliveryLedger ledger = new DeliveryLedger(config.clients(), config.devices());
        LatencyRig rig = new LatencyRig(clock);
        ReceiverContext context = new ReceiverContext(worker, pool, target.http(), target.tcp(), new Inbound(ledger, rig),
                config.pollIntervalMs(), config.pollWaitSeconds(), config.contract() >= 2);
        List<Receiver> receivers = new ArrayList<>(config.receivers());
        try (HttpSender sender = new HttpSender(worker, pool, target.http(), config.senderConnections(), clock, ledger,
                users, minter.mint("sender", validFor), config.payloadBytes())) {
            for (int d = 0; d < config.receivers(); d++) {
                receivers.add(receiver(context, ledger.device(d), minter.mint(users[d / config.devices()], validFor), d));
            }
            slowDown(receivers);
            connect(receivers, context);
            return measure(ledger, rig, context, sender, receivers);
        } finally {
            receivers.forEach(Receiver::close);
        }
    }

    /** Chooses the slow receivers of {@code --chaos slow}, the same ones for the same seed. */
    private void slowDown(List<Receiver> receivers) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(config.seed() ^ 0x510L);
        for (Receiver receiver : receivers) {
            if (random.nextDouble() < config.chaos().slowFraction()) {
                receiver.slowDown();
            }
        }
    }

    private Receiver receiver(ReceiverContext context, DeliveryLedger.Device device, String token, int index) {
        return switch (strategy) {
            case SHORT_POLL -> new PollReceiver(context, device, token, PollReceiver.Mode.SHORT, config.seed() + index);
            case LONG_POLL, LONG_POLL_SCAN -> new PollReceiver(context, device, token, PollReceiver.Mode.LONG, index);
            case WEBSOCKET -> new WebSocketReceiver(context, device, token);
            case TCP -> new TcpReceiver(context, device, token);
        };
    }

    private void connect(List<Receiver> receivers, ReceiverContext context) throws InterruptedException, IOException {
        long start = clock.nanoTime();
        long lastReport = start;
        for (int i = 0; i < receivers.size(); i++) {
            long due = start + (long) (i * 1e9 / config.connectRate());
            while (clock.nanoTime() - due < 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(10_000_000, due - clock.nanoTime()));
            }
            receivers.get(i).start();
            if (clock.nanoTime() - lastReport > 1_000_000_000L) {
                lastReport = clock.nanoTime();
                progress.accept(String.format("%-14s connecting %d/%d", strategy.cliName(), context.connected(), receivers.size()));
            }
        }
        long deadline = clock.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (context.connected() < receivers.size() && clock.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        if (context.connected() < receivers.size()) {
            throw new IOException(strategy.cliName() + ": only " + context.connected() + " of " + receivers.size()
                    + " receivers connected within 30 s of the ramp");
        }
    }

    private StrategyResult measure(DeliveryLedger ledger, LatencyRig rig, ReceiverContext context, HttpSender sender,
                                   List<Receiver> receivers) throws IOException, InterruptedException {
        long warmupNs = config.warmup().toNanos();
        long durationNs = config.duration().toNanos();
        long t0 = clock.nanoTime() + 100_000_000L;
        long measureStart = t0 + warmupNs;
        long measureEnd = measureStart + durationNs;
        rig.recordFrom(measureStart);
        Pacer pacer = new Pacer(clock, Pacer.parkingSleeper(clock));
        pacer.recordLagFrom(measureStart);
        SendSchedule schedule = new SendSchedule(config.ratePerSecond(), config.arrival(), config.clients(), config.seed());
        Thread pacing = new Thread(() -> {
            try {
                pacer.run(schedule, t0, measureEnd, (intended, recipient) -> sender.send(recipient, intended));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "deliverybench-pacer");
        pacing.start();
        ChaosMonkey monkey = new ChaosMonkey(config.chaos(), receivers, serverProcess, clock, measureStart, measureEnd,
                config.seed(), progress, ledger);
        monkey.start();
        try {
            return record(ledger, rig, context, sender, receivers, pacer, pacing, measureStart, measureEnd);
        } finally {
            monkey.stop();
            pacing.interrupt();
            pacing.join();
        }
    }

    private StrategyResult record(DeliveryLedger ledger, LatencyRig rig, ReceiverContext context, HttpSender sender,
                                  List<Receiver> receivers, Pacer pacer, Thread pacing, long measureStart, long measureEnd)
            throws IOException, InterruptedException {
        ServerStatsClient statsClient = new ServerStatsClient(target.http());
        long durationNs = measureEnd - measureStart;
        Histogram corrected = new Histogram(3);
        Histogram uncorrected = new Histogram(3);
        try (PrintStream hlogFile = new PrintStream(runDir.resolve(strategy.cliName() + ".hlog").toFile(), "UTF-8")) {
            HistogramLogWriter hlog = new HistogramLogWriter(hlogFile);
            long wallStartMs = System.currentTimeMillis();
            hlog.outputComment("deliverybench " + strategy.cliName() + ": latency in ns; tags corrected (now - intended) "
                    + "and uncorrected (now - sent)");
            hlog.outputLogFormatVersion();
            hlog.outputStartTime(wallStartMs);
            hlog.setBaseTime(wallStartMs);
            hlog.outputLegend();

            sleepUntil(measureStart);
            JsonNode before = statsClient.stats();
            long driverCpuBefore = driverCpuNs();
            rig.intervalCorrected();
            rig.intervalUncorrected();
            double heapPeak = before.get("heap_used_bytes").asDouble();
            for (long tick = measureStart + 1_000_000_000L; tick - measureEnd <= 0; tick += 1_000_000_000L) {
                sleepUntil(tick);
                interval(rig, hlog, corrected, uncorrected);
                heapPeak = Math.max(heapPeak, heapNow(statsClient));
                progress.accept(String.format("%-14s %3ds/%ds  sent %d  delivered %d  p99 %s",
                        strategy.cliName(), (tick - measureStart) / 1_000_000_000L, durationNs / 1_000_000_000L,
                        ledger.sentCount(), ledger.deliveredTotal(), Table.latency(Metrics.us(corrected.getValueAtPercentile(99)))));
            }
            sleepUntil(measureEnd);
            JsonNode after = statsClient.stats();
            long driverCpuAfter = driverCpuNs();
            int driverThreads = ManagementFactory.getThreadMXBean().getThreadCount();
            pacing.join();
            // Slow receivers catch up now: what they miss after the grace period is lost, not late.
            receivers.forEach(Receiver::speedUp);
            long graceNs = config.grace().toNanos()
                    + (strategy == DriverStrategy.SHORT_POLL ? TimeUnit.MILLISECONDS.toNanos(config.pollIntervalMs()) : 0);
            long graceEnd = clock.nanoTime() + graceNs;
            while ((ledger.missing() > 0 || sender.inFlight() > 0) && clock.nanoTime() - graceEnd < 0) {
                Thread.sleep(20);
            }
            interval(rig, hlog, corrected, uncorrected);
            if (strategy.isPush()) {
                // Let the last acks (sent at most Acker.EVERY_MS after a message) reach the server.
                Thread.sleep(3 * Acker.EVERY_MS);
            }
            JsonNode end = statsClient.stats();

            DeliveryLedger.Totals totals = ledger.totals();
            double seconds = durationNs / 1e9;
            Metrics metrics = new Metrics()
                    .put("sent", totals.sent())
                    .put("send_errors", totals.sendErrors())
                    .put("delivered", totals.delivered())
                    .put("expected_deliveries", (double) totals.sent() * config.devices())
                    .put("lost", totals.lost())
                    .put("lost_to_restart", ledger.lostToRestarts())
                    .put("duplicates", totals.duplicates())
                    .put("out_of_order", totals.outOfOrder())
                    .put("reconnects", context.reconnects())
                    .put("gone", context.gone())
                    .put("receiver_errors", context.errors())
                    .put("recorded", corrected.getTotalCount())
                    .latency("latency_", corrected)
                    .latency("uncorrected_latency_", uncorrected)
                    .put("latency_p50_floor_multiple", Metrics.us(corrected.getValueAtPercentile(50)) / floor.tcpPingP50Us())
                    .put("latency_p99_floor_multiple", Metrics.us(corrected.getValueAtPercentile(99)) / floor.tcpPingP50Us())
                    .server(strategy.statsKey(), before, after, seconds)
                    .put("driver_lag_p99_us", Metrics.us(pacer.lagNs().getValueAtPercentile(99)))
                    .put("driver_lag_max_us", Metrics.us(pacer.lagNs().getMaxValue()))
                    .put("driver_cpu_percent", 100.0 * (driverCpuAfter - driverCpuBefore) / durationNs)
                    .put("driver_threads", driverThreads)
                    .put("server_heap_peak_bytes", Math.max(heapPeak, after.get("heap_used_bytes").asDouble()))
                    .put("server_unacked_messages", end.get(strategy.statsKey()).path("unacked_messages").asDouble(Double.NaN));
            return new StrategyResult(strategy.cliName(), metrics.values());
        }
    }

    /** The server's heap now, or 0 while it cannot answer (stopped or restarting under --chaos). */
    private static double heapNow(ServerStatsClient statsClient) {
        try {
            return statsClient.stats().get("heap_used_bytes").asDouble();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void interval(LatencyRig rig, HistogramLogWriter hlog, Histogram corrected, Histogram uncorrected) {
        Histogram c = rig.intervalCorrected();
        Histogram u = rig.intervalUncorrected();
        corrected.add(c);
        uncorrected.add(u);
        c.setTag("corrected");
        u.setTag("uncorrected");
        hlog.outputIntervalHistogram(c);
        hlog.outputIntervalHistogram(u);
    }

    private void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - clock.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static long driverCpuNs() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
