package deliverybench.store;

import static deliverybench.testkit.Stages.join;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryMessageStoreTest {

    @Test
    void oldestSeqFollowsRetentionAndTheEpochIsFixedAndInRange() {
        MessageStore store = new InMemoryMessageStore(3, 42);
        assertEquals(42, store.epoch());
        assertEquals(1, join(store.position("nobody")).oldestSeq());
        for (int i = 0; i < 5; i++) {
            join(store.append("bob", "alice", "m" + i));
        }
        assertEquals(3, join(store.position("bob")).oldestSeq());
        // A retention below the ring's first size (16) still bounds what is kept.
        assertTrue(join(store.read("bob", 1, 10)).gone());
        assertEquals(List.of(new Message(5, "alice", "m4")), join(store.read("bob", 4, 10)).messages());
        assertEquals(2, store.storeReads(), "oldestSeq is not a read");
        assertThrows(IllegalArgumentException.class, () -> new InMemoryMessageStore(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryMessageStore(3, MessageStore.MAX_EPOCH + 1));
        for (int i = 0; i < 1_000; i++) {
            long epoch = InMemoryMessageStore.randomEpoch();
            assertTrue(epoch >= 1 && epoch <= MessageStore.MAX_EPOCH, "epoch " + epoch);
        }
    }

    @Test
    void seqStartsAtOneAndGrowsByOnePerInbox() {
        MessageStore store = new InMemoryMessageStore();
        assertEquals(1, join(store.append("bob", "alice", "a")));
        assertEquals(2, join(store.append("bob", "alice", "b")));
        assertEquals(1, join(store.append("carol", "alice", "c")));
        assertEquals(List.of(new Message(1, "alice", "a"), new Message(2, "alice", "b")), join(store.read("bob", 0, 10)).messages());
        assertEquals(List.of(new Message(2, "alice", "b")), join(store.read("bob", 1, 10)).messages());
        assertTrue(join(store.read("bob", 2, 10)).isEmpty());
        assertTrue(join(store.read("nobody", 0, 10)).isEmpty());
        assertEquals(1, join(store.read("bob", 0, 1)).messages().size());
    }

    @Test
    void retentionKeepsTheNewestAndSaysGoneForOlder() {
        MessageStore store = new InMemoryMessageStore(100);
        for (int i = 1; i <= 250; i++) {
            join(store.append("bob", "alice", "m" + i));
        }
        ReadResult gone = join(store.read("bob", 149, 10));
        assertTrue(gone.gone());
        assertEquals(151, gone.oldestSeq());
        ReadResult edge = join(store.read("bob", 150, 1_000));
        assertFalse(edge.gone());
        assertEquals(100, edge.messages().size());
        assertEquals(151, edge.messages().get(0).seq());
        assertEquals("m250", edge.messages().get(99).body());
    }

    @Test
    void anAfterBeyondTheNewestIsGoneToo() {
        MessageStore store = new InMemoryMessageStore();
        // A client that saw seq 500 before the server restarted, asking an inbox that now holds 2.
        join(store.append("bob", "alice", "a"));
        join(store.append("bob", "alice", "b"));
        ReadResult lost = join(store.read("bob", 500, 10));
        assertTrue(lost.gone());
        assertEquals(1, lost.oldestSeq());
        assertTrue(join(store.read("nobody", 7, 10)).gone());
        assertEquals(1, join(store.read("nobody", 7, 10)).oldestSeq());
        assertFalse(join(store.read("bob", 2, 10)).gone());
        assertFalse(join(store.readOrWait("bob", 500, 10, message -> false)).subscribed());
    }

    @Test
    void concurrentSendersGetEverySeqExactlyOnce() throws Exception {
        MessageStore store = new InMemoryMessageStore(100_000);
        int threads = 4;
        int perThread = 10_000;
        List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread sender = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    seqs.add(join(store.append("bob", "alice", "x")));
                }
            });
            sender.start();
            senders.add(sender);
        }
        go.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        Collections.sort(seqs);
        for (int i = 0; i < threads * perThread; i++) {
            assertEquals(i + 1, seqs.get(i));
        }
        assertEquals(threads * perThread, join(store.position("bob")).highestSeq());
    }

    @Test
    void readOrWaitRegistersOnlyWhenNothingIsNewAndWakesOnce() {
        MessageStore store = new InMemoryMessageStore();
        join(store.append("bob", "alice", "old"));
        List<Message> woken = new ArrayList<>();
        Subscriber oneShot = message -> {
            woken.add(message);
            return false;
        };
        assertFalse(join(store.readOrWait("bob", 0, 10, oneShot)).subscribed());
        assertTrue(join(store.readOrWait("bob", 1, 10, oneShot)).subscribed());
        assertEquals(1, store.subscribers());
        join(store.append("carol", "alice", "not for bob"));
        assertTrue(woken.isEmpty(), "a message to another user woke bob's waiter");
        join(store.append("bob", "alice", "new"));
        join(store.append("bob", "alice", "newer"));
        assertEquals(List.of(new Message(2, "alice", "new")), woken);
        assertEquals(0, store.subscribers());
    }

    @Test
    void readAndFollowSubscribesOnlyWhenCaughtUp() {
        MessageStore store = new InMemoryMessageStore();
        for (int i = 0; i < 5; i++) {
            join(store.append("bob", "alice", "m"));
        }
        AtomicInteger live = new AtomicInteger();
        Subscriber follower = message -> live.incrementAndGet() > 0;
        ReadResult first = join(store.readAndFollow("bob", 0, 3, follower));
        assertEquals(3, first.messages().size());
        assertFalse(first.subscribed());
        ReadResult rest = join(store.readAndFollow("bob", 3, 3, follower));
        assertEquals(2, rest.messages().size());
        assertTrue(rest.subscribed());
        join(store.append("bob", "alice", "live"));
        assertEquals(1, live.get());
        store.unsubscribe("bob", follower);
        join(store.append("bob", "alice", "after unsubscribe"));
        assertEquals(1, live.get());
    }

    /** Several devices follow one inbox: each gets every message in order, and one leaving mid-delivery changes nothing for the others. */
    @Test
    void everyFollowerOfAnInboxGetsEachMessageWhileOthersComeAndGo() {
        MessageStore store = new InMemoryMessageStore();
        List<String> got = new ArrayList<>();
        Subscriber[] followers = new Subscriber[3];
        for (int i = 0; i < followers.length; i++) {
            String name = "device" + i;
            followers[i] = message -> {
                got.add(name + ":" + message.seq());
                if (name.equals("device0")) {
                    // Leaves during a delivery: the others are still handed this message.
                    store.unsubscribe("bob", followers[0]);
                }
                return true;
            };
            assertTrue(join(store.readAndFollow("bob", 0, 10, followers[i])).subscribed());
        }
        assertEquals(3, store.subscribers());
        join(store.append("bob", "alice", "one"));
        assertEquals(List.of("device0:1", "device1:1", "device2:1"), got);
        assertEquals(2, store.subscribers());
        store.unsubscribe("bob", followers[2]);
        store.unsubscribe("bob", followers[2]);
        join(store.append("bob", "alice", "two"));
        assertEquals(List.of("device0:1", "device1:1", "device2:1", "device1:2"), got);
        assertEquals(1, store.subscribers());
    }

    @Test
    void readsAreCountedAndWakeUpsAreNot() {
        MessageStore store = new InMemoryMessageStore();
        join(store.readOrWait("bob", 0, 10, message -> false));
        join(store.append("bob", "alice", "wake"));
        join(store.read("bob", 0, 10));
        assertEquals(2, store.storeReads());
    }
}
