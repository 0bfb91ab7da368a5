package deliverybench.run;

import deliverybench.run.send.Sender;
import deliverybench.run.server.StatsReader;
import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.core.stats.StatsKeys;
import deliverybench.measure.DeliveryLedger;
import deliverybench.measure.Inbound;
import deliverybench.schedule.RunClock;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * After the last scheduled send: the driver's backlog goes out, slow receivers catch up, and the run
 * waits until deliveries stop arriving and the server's queues are empty, then counts. Only then is
 * a missing message lost; one still arriving when the maximum runs out is late, and a message the
 * driver never put on the wire is not sent, never lost.
 */
final class Drain {

    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long QUEUE_READ_NS = TimeUnit.MILLISECONDS.toNanos(250);
    // After the cut-off, what is on the wire may still land: how long to let it.
    private static final long SETTLE_NS = TimeUnit.SECONDS.toNanos(5);

    /**
     * How the drain ended.
     *
     * @param drainNs   from the last send to the count
     * @param cutOff    the maximum ran out while messages were still arriving or queued
     * @param undelivered what was accepted and not delivered when the drain ended (lost unless cut off)
     */
    record Outcome(long drainNs, boolean cutOff, long undelivered) {
    }

    private final RunClock clock;
    private final DeliveryLedger ledger;
    private final Sender sender;
    private final StatsReader server;
    private final String statsKey;

    Drain(RunClock clock, DeliveryLedger ledger, Sender sender, StatsReader server, String statsKey) {
        this.clock = clock;
        this.ledger = ledger;
        this.sender = sender;
        this.server = server;
        this.statsKey = statsKey;
    }

    /**
     * @param graceNs deliveries after this long are late
     * @param quietNs no delivery for this long, with nothing queued anywhere, is the end
     * @param maxNs   the drain's bound: then sending stops and what is on the wire may settle
     */
    Outcome run(Inbound inbound, long graceNs, long quietNs, long maxNs) throws InterruptedException {
        long start = clock.nanoTime();
        inbound.lateAfter(start + graceNs);
        long deadline = start + maxNs;
        long lastProgress = start;
        long lastCount = progress();
        long nextQueueRead = start;
        long serverQueued = 0;
        boolean cutOff = false;
        while (true) {
            long now = clock.nanoTime();
            if (ledger.missing() == 0 && sender.inFlight() == 0) {
                break;
            }
            long count = progress();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = now;
            }
            if (now - nextQueueRead >= 0) {
                serverQueued = serverQueued();
                nextQueueRead = now + QUEUE_READ_NS;
            }
            boolean idle = sender.inFlight() - sender.backlog() == 0 && serverQueued == 0;
            boolean quiet = now - (start + graceNs) >= 0 && now - lastProgress >= quietNs && idle
                    && (sender.backlog() == 0 || cutOff);
            if (quiet) {
                break;
            }
            if (!cutOff && now - deadline >= 0) {
                // The bound: nothing more is taken off the driver's queue, and what is out may still land.
                cutOff = true;
                sender.stopSending();
                deadline = now + SETTLE_NS;
            } else if (cutOff && now - deadline >= 0) {
                break;
            }
            clock.sleepUntil(now + POLL_NS);
        }
        return new Outcome(clock.nanoTime() - start, cutOff, ledger.missing());
    }

    /** Deliveries and answered sends so far: what moves while the system drains. */
    private long progress() {
        return ledger.deliveredTotal() + ledger.sentCount() + ledger.totals().sendErrors();
    }

    /** Messages the server still has queued for this strategy's connections; 0 when it cannot say. */
    private long serverQueued() {
        try {
            JsonNode stats = server.stats();
            return stats.path(statsKey).path(StatsKeys.QUEUED_MESSAGES).asLong(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
