package deliverybench.cluster;

import deliverybench.cluster.local.LocalRedis;
import deliverybench.cluster.local.LocalRedisCluster;
import deliverybench.store.Message;
import deliverybench.store.ReadResult;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A primary of a real Redis Cluster (3 primaries, 1 replica each) killed while a gateway's store appends
 * as fast as it can: its replica takes over, the store follows, and every acknowledged append is checked
 * against what the inboxes hold afterwards. With {@code WAIT 1} none is lost; without, every loss is one
 * the driver's ledger can see (a seq given twice) or one past the inbox's newest seq.
 */
@Tag("redis")
class RedisFailoverTest {

    private static final int USERS = 60;
    private static final int IN_FLIGHT = 64;

    /** What one run of appends through a failover left. */
    private record Outcome(long acknowledged, long acknowledgedToKilledSlotsAfterKill, long lost, long reusedSeqs,
                           long lostPastNewest) {
    }

    @Test
    void withWaitForOneReplicaNoAcknowledgedSendIsLost() throws Exception {
        Outcome outcome = appendThroughFailover(1);
        assertTrue(outcome.acknowledgedToKilledSlotsAfterKill() > 0, "the killed primary's slots took sends again: " + outcome);
        assertEquals(0, outcome.lost(), "acknowledged and lost: " + outcome);
        assertEquals(0, outcome.reusedSeqs(), outcome.toString());
    }

    @Test
    void withoutWaitEveryLossIsASeqGivenTwiceOrPastTheNewest() throws Exception {
        Outcome outcome = appendThroughFailover(0);
        assertTrue(outcome.acknowledgedToKilledSlotsAfterKill() > 0, "the killed primary's slots took sends again: " + outcome);
        // On loopback the replica is usually fully caught up and nothing is lost; when something is, the ledger's
        // account (seqs acknowledged twice, plus what no later send revealed) must be the whole of it.
        assertEquals(outcome.lost(), outcome.reusedSeqs() + outcome.lostPastNewest(), outcome.toString());
        System.out.println("RedisFailoverTest without WAIT: " + outcome);
    }

    private static Outcome appendThroughFailover(int redisWait) throws Exception {
        try (LocalRedisCluster redis = LocalRedisCluster.start(3, 1, null, "redis-failover-test")) {
            ClusterConfig config = new ClusterConfig(redis.uri(), "g", Routing.CHANNEL, Duration.ofSeconds(5), "ft",
                    redisWait);
            try (RedisMessageStore store = RedisMessageStore.connect(config, 100_000)) {
                // Per user: seq -> the bodies acknowledged with it (two when the store gave a seq again).
                Map<String, Map<Long, List<String>>> acked = new ConcurrentHashMap<>();
                Semaphore room = new Semaphore(IN_FLIGHT);
                AtomicLong afterKill = new AtomicLong();
                BitSet[] killedSlots = {null};
                long[] killedAtNs = {Long.MAX_VALUE};
                long start = System.nanoTime();
                long end = start + TimeUnit.SECONDS.toNanos(10);
                boolean killed = false;
                for (long i = 0; System.nanoTime() - end < 0; i++) {
                    if (!killed && System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(1_500)) {
                        killed = true;
                        LocalRedisCluster.KilledPrimary primary = redis.killPrimary();
                        killedSlots[0] = slots(primary.slots());
                        killedAtNs[0] = System.nanoTime();
                        Thread restarter = new Thread(() -> restartOncePromoted(redis, primary));
                        restarter.setDaemon(true);
                        restarter.start();
                    }
                    room.acquire();
                    String user = "u" + (i % USERS);
                    String body = "m" + i;
                    long writtenNs = System.nanoTime();
                    store.append(user, "sender", body).whenComplete((seq, error) -> {
                        room.release();
                        if (error != null) {
                            return;
                        }
                        acked.computeIfAbsent(user, u -> new ConcurrentHashMap<>())
                                .computeIfAbsent(seq, s -> Collections.synchronizedList(new ArrayList<>()))
                                .add(body);
                        if (killedSlots[0] != null && writtenNs - killedAtNs[0] > 0 && killedSlots[0].get(SlotHash.getSlot("{" + user + "}"))) {
                            afterKill.incrementAndGet();
                        }
                    });
                }
                room.acquire(IN_FLIGHT);
                return account(store, acked, afterKill.get());
            }
        }
    }

    /** Compares every acknowledged (seq, body) with what the user's inbox holds now. */
    private static Outcome account(RedisMessageStore store, Map<String, Map<Long, List<String>>> acked, long afterKill)
            throws Exception {
        long acknowledged = 0;
        long lost = 0;
        long reused = 0;
        long pastNewest = 0;
        for (Map.Entry<String, Map<Long, List<String>>> user : acked.entrySet()) {
            ReadResult read = readSettled(store, user.getKey());
            Map<Long, String> held = new HashMap<>();
            for (Message message : read.messages()) {
                held.put(message.seq(), message.body());
            }
            for (Map.Entry<Long, List<String>> seq : user.getValue().entrySet()) {
                List<String> bodies = seq.getValue();
                acknowledged += bodies.size();
                reused += bodies.size() - 1;
                for (String body : bodies) {
                    if (!body.equals(held.get(seq.getKey()))) {
                        lost++;
                        if (seq.getKey() > read.highestSeq()) {
                            pastNewest++;
                        }
                    }
                }
            }
        }
        return new Outcome(acknowledged, afterKill, lost, reused, pastNewest);
    }

    /**
     * The user's whole inbox; a read the client refuses ("not connected") while its slot map still names the
     * restarted node is tried again for up to 10 s: the test asks what Redis holds, not how soon the client knows.
     */
    private static ReadResult readSettled(RedisMessageStore store, String user) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return store.read(user, 0, 100_000).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void restartOncePromoted(LocalRedisCluster redis, LocalRedisCluster.KilledPrimary primary) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() - deadline < 0) {
                for (int port : primary.replicaPorts()) {
                    LocalRedis replica = redis.node(port);
                    if (replica != null && LocalRedisCluster.isPrimary(replica)) {
                        redis.restart(primary.port());
                        return;
                    }
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            // The test's own assertions say what did not happen.
        }
    }

    private static BitSet slots(String ranges) {
        BitSet slots = new BitSet();
        for (String range : ranges.trim().split("\\s+")) {
            int dash = range.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            slots.set(from, (dash < 0 ? from : Integer.parseInt(range.substring(dash + 1))) + 1);
        }
        return slots;
    }
}
