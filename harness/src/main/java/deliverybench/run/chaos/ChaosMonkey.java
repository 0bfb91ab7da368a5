package deliverybench.run.chaos;

import deliverybench.run.server.ServerProcess;
import deliverybench.options.Chaos;
import deliverybench.client.Receiver;
import deliverybench.measure.DeliveryLedger;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Carries out a run's {@link Chaos} during the measured window, on a thread of its own, in real time. */
public final class ChaosMonkey {

    private static final long TICK_NS = 100_000_000L;

    private final Chaos chaos;
    private final List<Receiver> receivers;
    private final ServerProcess server;
    private final ClusterFaults cluster;
    private long startNs;
    private long endNs;
    private final SplittableRandom random;
    private final Consumer<String> progress;
    private final DeliveryLedger ledger;
    private Thread thread;
    private volatile String failure;
    /** Guards {@link #restarting} and {@link #stopping}: a restart once begun is finished, never abandoned. */
    private final Object restartLock = new Object();
    private boolean restarting;
    private boolean stopping;

    /** @param cluster the gateways and Redis of a cluster run, null for a single server */
    public ChaosMonkey(Chaos chaos, List<Receiver> receivers, ServerProcess server, ClusterFaults cluster, long seed,
                Consumer<String> progress, DeliveryLedger ledger) {
        this.chaos = chaos;
        this.receivers = receivers;
        this.server = server;
        this.cluster = cluster;
        this.random = new SplittableRandom(seed ^ 0xC4A05L);
        this.progress = progress;
        this.ledger = ledger;
    }

    /** Starts acting over the measured window; its times are {@link System#nanoTime} times: chaos acts in real time. */
    public void start(long windowStartNs, long windowEndNs) {
        if (!chaos.any() || thread != null) {
            return;
        }
        this.startNs = windowStartNs;
        this.endNs = windowEndNs;
        thread = new Thread(this::run, "deliverybench-chaos");
        thread.setDaemon(true);
        thread.start();
    }

    /** Why chaos could not do what it was asked (the restarted server did not come back); null when it could. */
    public String failure() {
        return failure;
    }

    /**
     * Stops acting. A restart under way is let finish first (it is bounded by
     * {@link ServerProcess#LONGEST_RESTART_NS}): interrupted, it would leave the run without a server
     * while the window's last {@code /stats} waits for one.
     */
    public void stop() throws InterruptedException {
        if (thread != null) {
            synchronized (restartLock) {
                stopping = true;
                if (!restarting) {
                    thread.interrupt();
                }
            }
            thread.join();
        }
    }

    private void run() {
        long pauseAt = chaos.pause() == null ? Long.MAX_VALUE : startNs + chaos.pauseAt().toNanos();
        long resumeAt = chaos.pause() == null ? Long.MAX_VALUE : pauseAt + chaos.pause().toNanos();
        boolean paused = false;
        long restartAt = chaos.restartAt() == null ? Long.MAX_VALUE : startNs + chaos.restartAt().toNanos();
        boolean restarted = false;
        boolean kills = cluster != null && chaos.killGatewayAt() != null;
        long killAt = kills ? startNs + chaos.killGatewayAt().toNanos() : 0;
        boolean killed = false;
        boolean pausesRedis = cluster != null && chaos.redisPause() != null;
        long redisPauseAt = pausesRedis ? startNs + chaos.redisPauseAt().toNanos() : 0;
        long redisResumeAt = pausesRedis ? redisPauseAt + chaos.redisPause().toNanos() : 0;
        boolean redisPaused = false;
        boolean killsPrimary = cluster != null && chaos.killRedisPrimaryAt() != null;
        long killPrimaryAt = killsPrimary ? startNs + chaos.killRedisPrimaryAt().toNanos() : 0;
        boolean primaryKilled = false;
        try {
            sleepUntil(startNs);
            for (long tick = startNs; tick - endNs < 0; tick += TICK_NS) {
                sleepUntil(tick);
                if (!paused && tick - pauseAt >= 0 && tick - resumeAt < 0) {
                    signal("STOP");
                    paused = true;
                    progress.accept("chaos: server stopped (SIGSTOP) for " + chaos.pause().toMillis() + " ms");
                } else if (paused && tick - resumeAt >= 0) {
                    signal("CONT");
                    paused = false;
                    progress.accept("chaos: server resumed (SIGCONT)");
                }
                if (!restarted && tick - restartAt >= 0) {
                    restarted = true;
                    restart();
                }
                if (kills && !killed && tick - killAt >= 0) {
                    killed = true;
                    cluster.killGateway(progress);
                }
                if (killsPrimary && !primaryKilled && tick - killPrimaryAt >= 0) {
                    primaryKilled = true;
                    cluster.killRedisPrimary(progress);
                }
                if (pausesRedis && !redisPaused && tick - redisPauseAt >= 0 && tick - redisResumeAt < 0) {
                    redisPaused = true;
                    cluster.pauseRedis(progress);
                } else if (redisPaused && tick - redisResumeAt >= 0) {
                    redisPaused = false;
                    cluster.resumeRedis(progress);
                }
                dropSome();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (paused) {
                signal("CONT");
            }
            if (redisPaused) {
                cluster.resumeRedis(progress);
            }
        }
    }

    private void restart() throws InterruptedException {
        if (server == null) {
            return;
        }
        synchronized (restartLock) {
            if (stopping) {
                return;
            }
            restarting = true;
        }
        try {
            restartServer();
        } finally {
            synchronized (restartLock) {
                restarting = false;
                if (stopping) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void restartServer() throws InterruptedException {
        progress.accept("chaos: restarting the server (its in-memory inboxes are lost)");
        long began = System.nanoTime();
        try {
            server.restart(() -> {
                // Let deliveries already on their way in be counted in the old epoch first.
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ledger.newEpoch();
            });
            progress.accept(String.format("chaos: the server is back on the same ports after %.1f s",
                    (System.nanoTime() - began) / 1e9));
        } catch (java.io.IOException e) {
            failure = "chaos: the server did not come back: " + e.getMessage();
            progress.accept(failure);
        }
    }

    /** Each receiver is dropped in a tick with probability drop-per-second times the tick's length. */
    private void dropSome() {
        if (chaos.dropPerSecond() <= 0) {
            return;
        }
        double chance = chaos.dropPerSecond() * TICK_NS / 1e9;
        for (Receiver receiver : receivers) {
            if (random.nextDouble() < chance) {
                receiver.drop();
            }
        }
    }

    private void signal(String signal) {
        if (server == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            progress.accept("chaos: could not send SIG" + signal + " to the server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
