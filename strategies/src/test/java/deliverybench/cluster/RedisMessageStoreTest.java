package deliverybench.cluster;

import deliverybench.cluster.local.LocalRedis;
import deliverybench.store.InboxPosition;
import deliverybench.store.Message;
import deliverybench.store.ReadResult;
import deliverybench.store.Subscriber;
import deliverybench.testkit.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's contract against a real redis-server: append, read, retention, the epoch, and registering reads across gateways. */
@Tag("redis")
class RedisMessageStoreTest {

    private static LocalRedis redis;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = LocalRedis.start(null);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    /** A gateway of its own cluster (a namespace no other test uses). */
    private static RedisMessageStore gateway(String id, Routing routing, String namespace, int retention) {
        return RedisMessageStore.connect(new ClusterConfig(redis.uri(), id, routing, ClusterConfig.DEFAULT_TIMEOUT,
                namespace), retention);
    }

    private static String namespace() {
        return "t" + NAMESPACES.incrementAndGet();
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void appendsReadsAndTrimsToRetention() throws Exception {
        try (RedisMessageStore store = gateway("a", Routing.MAP, namespace(), 3)) {
            assertEquals(new InboxPosition(1, 0), join(store.position("amy")));
            assertTrue(join(store.read("amy", 0, 10)).isEmpty());
            for (int i = 1; i <= 5; i++) {
                assertEquals(i, join(store.append("amy", "bob", "m\n" + i)));
            }
            ReadResult read = join(store.read("amy", 2, 10));
            assertEquals(List.of(new Message(3, "bob", "m\n3"), new Message(4, "bob", "m\n4"), new Message(5, "bob", "m\n5")),
                    read.messages());
            assertEquals(5, read.highestSeq());
            assertEquals(3, read.oldestSeq());
            assertEquals(List.of(4L), join(store.read("amy", 3, 1)).messages().stream().map(Message::seq).toList());
            assertTrue(join(store.read("amy", 1, 10)).gone(), "older than retention keeps");
            assertTrue(join(store.read("amy", 6, 10)).gone(), "beyond the newest");
            assertEquals(new InboxPosition(3, 5), join(store.position("amy")));
            assertEquals(5, store.storeReads());
        }
    }

    @Test
    void theEpochOutlivesAGatewayAndChangesWhenRedisLosesItsData() throws Exception {
        String namespace = namespace();
        long first;
        try (RedisMessageStore store = gateway("a", Routing.BROADCAST, namespace, 100)) {
            first = store.epoch();
            assertTrue(first >= 1 && first <= deliverybench.store.MessageStore.MAX_EPOCH);
            join(store.append("cy", "bob", "kept"));
        }
        try (RedisMessageStore again = gateway("b", Routing.BROADCAST, namespace, 100)) {
            assertEquals(first, again.epoch(), "a gateway's restart keeps the epoch");
            assertEquals(1, join(again.read("cy", 0, 10)).messages().size(), "and the inbox");
            redis.control().command("FLUSHALL");
            assertEquals(1, join(again.append("cy", "bob", "after the loss")));
            assertNotEquals(first, again.epoch(), "Redis lost its data: a new epoch");
        }
    }

    @Test
    void aSubscriberIsToldWhenRedisLostItsData() throws Exception {
        String namespace = namespace();
        try (RedisMessageStore store = gateway("a", Routing.CHANNEL, namespace, 100)) {
            CompletableFuture<Void> lost = new CompletableFuture<>();
            Subscriber subscriber = new Subscriber() {
                @Override
                public boolean deliver(Message message) {
                    return true;
                }

                @Override
                public void lost() {
                    lost.complete(null);
                }
            };
            join(store.append("gus", "bob", "before"));
            assertTrue(join(store.readAndFollow("gus", 1, 10, subscriber)).subscribed());
            redis.control().command("FLUSHALL");
            join(store.append("gus", "bob", "seq 1 again, in a new epoch"));
            lost.get(5, TimeUnit.SECONDS);
            assertEquals(0, store.subscribers(), "removed: its place means nothing in the new epoch");
        }
    }

    @Test
    void aStoreThatCannotReachRedisFailsAtOnce() {
        assertThrows(RuntimeException.class, () -> RedisMessageStore.connect(new ClusterConfig(
                java.net.URI.create("redis://127.0.0.1:1"), "a", Routing.MAP), 10));
    }

    /** Collects what a subscriber is handed, and checks it is only after the registering read answered. */
    private static final class Collector implements Subscriber {
        final List<Long> seqs = new ArrayList<>();
        // The registering read's stage, once the caller holds it; any delivery must find it completed.
        final java.util.concurrent.atomic.AtomicReference<CompletableFuture<ReadResult>> registered =
                new java.util.concurrent.atomic.AtomicReference<>();
        volatile boolean early;

        @Override
        public synchronized boolean deliver(Message message) {
            CompletableFuture<ReadResult> stage = registered.get();
            if (stage != null && !stage.isDone()) {
                early = true;
            }
            seqs.add(message.seq());
            return true;
        }

        synchronized List<Long> seqs() {
            return List.copyOf(seqs);
        }
    }

    @ParameterizedTest
    @EnumSource(Routing.class)
    void aFollowerIsHandedEveryMessageAppendedByAnotherGatewayInOrder(Routing routing) throws Exception {
        String namespace = namespace();
        int count = 300;
        try (RedisMessageStore here = gateway("here", routing, namespace, 10_000);
             RedisMessageStore there = gateway("there", routing, namespace, 10_000)) {
            for (int i = 0; i < 50; i++) {
                join(there.append("dee", "bob", "before " + i));
            }
            Collector collector = new Collector();
            // Appends race the registering read from another gateway: none may be missed, none twice.
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < count; i++) {
                    there.append("dee", "bob", "during " + i);
                }
            });
            CompletableFuture<ReadResult> stage = here.readAndFollow("dee", 10, 1_000, collector).toCompletableFuture();
            collector.registered.set(stage);
            ReadResult read = join(stage);
            assertTrue(read.subscribed());
            sending.get(10, TimeUnit.SECONDS);
            long last = read.messages().get(read.messages().size() - 1).seq();
            List<Long> expected = new ArrayList<>();
            for (long seq = last + 1; seq <= 50 + count; seq++) {
                expected.add(seq);
            }
            Await.untilEquals(expected, collector::seqs, Duration.ofSeconds(10), routing + ": every later message, in order, once");
            assertFalse(collector.early, "nothing before the read's stage completed");
            assertEquals(1, here.subscribers());
            here.unsubscribe("dee", collector);
            assertEquals(0, here.subscribers());
        }
    }

    @ParameterizedTest
    @EnumSource(Routing.class)
    void aWaiterIsWokenByASendToAnotherGateway(Routing routing) throws Exception {
        String namespace = namespace();
        try (RedisMessageStore here = gateway("here", routing, namespace, 100);
             RedisMessageStore there = gateway("there", routing, namespace, 100)) {
            CompletableFuture<Message> woken = new CompletableFuture<>();
            ReadResult read = join(here.readOrWait("eve", 0, 10, message -> {
                woken.complete(message);
                return false;
            }));
            assertTrue(read.subscribed());
            join(there.append("eve", "bob", "wake up"));
            assertEquals(new Message(1, "bob", "wake up"), woken.get(5, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(Routing.class)
    void whatWasPublishedWhileTheSubscriptionWasDownIsReadBack(Routing routing) throws Exception {
        String namespace = namespace();
        try (RedisMessageStore here = gateway("here", routing, namespace, 100);
             RedisMessageStore there = gateway("there", routing, namespace, 100)) {
            Collector collector = new Collector();
            join(here.readAndFollow("hal", 0, 10, collector));
            // Redis drops every subscription connection; a message goes out before they are back.
            redis.control().command("CLIENT", "KILL", "TYPE", "pubsub");
            join(there.append("hal", "bob", "while nobody listened"));
            Await.untilEquals(List.of(1L), collector::seqs, Duration.ofSeconds(10), routing + ": read back after the subscription came back");
        }
    }

    @Test
    void aLostNotificationIsReadBackFromTheInbox() throws Exception {
        String namespace = namespace();
        try (RedisMessageStore here = gateway("here", Routing.CHANNEL, namespace, 100);
             RedisMessageStore there = gateway("there", Routing.CHANNEL, namespace, 100)) {
            Collector collector = new Collector();
            join(here.readAndFollow("fay", 0, 10, collector));
            // Written behind the gateways' backs, as if its notification were lost: seq 1 has none.
            redis.control().command("INCR", namespace + ":{fay}:seq");
            redis.control().command("RPUSH", namespace + ":{fay}:inbox", "bob\nno notification");
            join(there.append("fay", "bob", "seq 2"));
            Await.untilEquals(List.of(1L, 2L), collector::seqs, Duration.ofSeconds(5), "the gap was read from the inbox");
        }
    }
}
