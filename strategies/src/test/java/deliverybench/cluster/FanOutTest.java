package deliverybench.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.cluster.local.LocalRedis;
import deliverybench.cluster.local.LocalRedisCluster;
import deliverybench.store.Message;
import deliverybench.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A send to several recipients on a real Redis Cluster of three primaries, each with a replica: one script
 * per primary touched, each recipient its own next seq and its notification; a group whose slot moved
 * under the gateway is sent one by one, each copy once. And on one Redis, one script for all.
 */
@Tag("redis")
class FanOutTest {

    private static final int PRIMARIES = 3;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static LocalRedisCluster redis;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedisCluster.start(PRIMARIES, 1, null, "fan-out-test");
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
    }

    private static RedisMessageStore gateway(String namespace, String id, Routing routing, int redisWait) {
        return RedisMessageStore.connect(new ClusterConfig(redis.uri(), id, routing, ClusterConfig.DEFAULT_TIMEOUT,
                namespace, redisWait), 100);
    }

    static List<Arguments> routings() {
        return List.of(Arguments.of(Routing.CHANNEL, 0), Arguments.of(Routing.MAP, 0),
                Arguments.of(Routing.BROADCAST, 0), Arguments.of(Routing.CHANNEL, 1));
    }

    @ParameterizedTest(name = "{0}, --redis-wait {1}")
    @MethodSource("routings")
    void oneScriptPerPrimaryGivesEachRecipientItsNextSeqAndItsNotification(Routing routing, int redisWait)
            throws Exception {
        String namespace = "f" + NAMESPACES.incrementAndGet();
        Keys keys = new Keys(namespace, true);
        List<String> to = recipients(keys, 3);
        try (RedisMessageStore here = gateway(namespace, "here", routing, redisWait);
             RedisMessageStore there = gateway(namespace, "there", routing, redisWait)) {
            for (int i = 0; i < to.size(); i += 2) {
                join(here.append(to.get(i), "bob", "before"));
            }
            Map<String, List<Message>> notified = new LinkedHashMap<>();
            for (String user : to) {
                List<Message> got = new CopyOnWriteArrayList<>();
                notified.put(user, got);
                assertTrue(join(there.readAndFollow(user, 0, 10, message -> got.add(message))).subscribed());
            }
            long scripts = stat(here, ClusterStatsKeys.REDIS_SCRIPTS);
            long fanOuts = stat(here, ClusterStatsKeys.FANOUT_SCRIPTS);

            long[] seqs = join(here.appendAll(to, "amy", "to all"));

            assertEquals(PRIMARIES, stat(here, ClusterStatsKeys.REDIS_SCRIPTS) - scripts,
                    "one script per primary, not one per recipient (" + to.size() + ")");
            assertEquals(PRIMARIES, stat(here, ClusterStatsKeys.FANOUT_SCRIPTS) - fanOuts);
            for (int i = 0; i < to.size(); i++) {
                String user = to.get(i);
                long next = i % 2 == 0 ? 2 : 1;
                assertEquals(next, seqs[i], user + "'s seq");
                List<Message> got = notified.get(user);
                Await.until(() -> !got.isEmpty(), Duration.ofSeconds(5), user + " was not notified");
                assertEquals(List.of(new Message(next, "amy", "to all")), got, user + "'s notifications");
                List<Message> inbox = join(here.read(user, 0, 10)).messages();
                assertEquals(next, inbox.size(), user + " holds one copy: " + inbox);
                assertEquals(new Message(next, "amy", "to all"), inbox.get(inbox.size() - 1));
            }
            TimeUnit.MILLISECONDS.sleep(100);
            notified.forEach((user, got) -> assertEquals(1, got.size(), user + " notified once: " + got));
        }
    }

    @Test
    void aGroupWhoseSlotMovedUnderTheGatewayIsSentOneByOneEachCopyOnce() throws Exception {
        String namespace = "f" + NAMESPACES.incrementAndGet();
        Keys keys = new Keys(namespace, true);
        try (RedisMessageStore here = gateway(namespace, "here", Routing.CHANNEL, 0)) {
            long refused = 0;
            // The gateway rereads the slot map every 2 s: should it do so between the move and the send, move another.
            for (int attempt = 0; attempt < 3 && refused == 0; attempt++) {
                String stay = "stay" + attempt;
                LocalRedis source = primaryHolding(keys.epochOf(stay));
                String moving = null;
                for (int u = 0; moving == null; u++) {
                    String user = "moving" + attempt + "-" + u;
                    if (keys.slot(user) != keys.slot(stay) && primaryHolding(keys.epochOf(user)) == source) {
                        moving = user;
                    }
                }
                join(here.append(moving, "bob", "before the move"));
                long before = stat(here, ClusterStatsKeys.FANOUT_REFUSED);
                moveSlot(keys.slot(moving), source, otherPrimary(source));

                assertArrayEquals(new long[] {1, 2}, join(here.appendAll(List.of(stay, moving), "amy", "after")));

                refused = stat(here, ClusterStatsKeys.FANOUT_REFUSED) - before;
                assertEquals(List.of(new Message(1, "amy", "after")), join(here.read(stay, 0, 10)).messages());
                assertEquals(List.of(new Message(1, "bob", "before the move"), new Message(2, "amy", "after")),
                        join(here.read(moving, 0, 10)).messages(), "moved with its slot, and stored once");
            }
            assertEquals(1, refused, "the script refused the group untouched");
        }
    }

    @Test
    void onOneRedisOneScriptServesEveryRecipient() throws Exception {
        try (LocalRedis single = LocalRedis.start(null);
             RedisMessageStore store = RedisMessageStore.connect(new ClusterConfig(single.uri(), "g", Routing.MAP,
                     ClusterConfig.DEFAULT_TIMEOUT, "one"), 100)) {
            join(store.append("cy", "bob", "before"));
            long scripts = stat(store, ClusterStatsKeys.REDIS_SCRIPTS);
            assertArrayEquals(new long[] {1, 2, 1, 1}, join(store.appendAll(List.of("al", "cy", "di", "ed"), "amy", "hi")));
            assertEquals(1, stat(store, ClusterStatsKeys.REDIS_SCRIPTS) - scripts);
            assertEquals(List.of(new Message(2, "amy", "hi")), join(store.read("cy", 1, 10)).messages());
        }
    }

    /** {@code perPrimary} users on each primary, in different slots. */
    private static List<String> recipients(Keys keys, int perPrimary) {
        Map<Integer, List<String>> byPort = new LinkedHashMap<>();
        Set<Integer> slots = new HashSet<>();
        List<String> to = new ArrayList<>();
        for (int u = 0; to.size() < PRIMARIES * perPrimary; u++) {
            String user = "r" + u;
            List<String> onNode = byPort.computeIfAbsent(primaryHolding(keys.epochOf(user)).port(), p -> new ArrayList<>());
            if (onNode.size() < perPrimary && slots.add(keys.slot(user))) {
                onNode.add(user);
                to.add(user);
            }
        }
        assertEquals(PRIMARIES, byPort.size());
        return to;
    }

    /** Moves a slot and its keys as {@code redis-cli --cluster reshard} does, without telling any gateway. */
    private static void moveSlot(int slot, LocalRedis source, LocalRedis target) throws IOException {
        String s = Integer.toString(slot);
        String sourceId = source.control().command("CLUSTER", "MYID");
        String targetId = target.control().command("CLUSTER", "MYID");
        assertEquals("OK", target.control().command("CLUSTER", "SETSLOT", s, "IMPORTING", sourceId));
        assertEquals("OK", source.control().command("CLUSTER", "SETSLOT", s, "MIGRATING", targetId));
        String inSlot = source.control().command("CLUSTER", "GETKEYSINSLOT", s, "1000");
        List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(target.port()), "", "0",
                "5000", "KEYS"));
        migrate.addAll(List.of(inSlot.split("\n")));
        assertEquals("OK", source.control().command(migrate.toArray(String[]::new)));
        for (LocalRedis node : List.of(target, source)) {
            assertEquals("OK", node.control().command("CLUSTER", "SETSLOT", s, "NODE", targetId));
        }
    }

    /** The primary that serves the key's slot: the one node that does not answer MOVED (replicas do). */
    private static LocalRedis primaryHolding(String key) {
        try {
            return redis.primaryServing(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalRedis otherPrimary(LocalRedis than) throws IOException {
        for (LocalRedis node : redis.nodes()) {
            if (node != than && LocalRedisCluster.isPrimary(node)) {
                return node;
            }
        }
        throw new AssertionError("one primary only");
    }

    /** A number of the store's {@code cluster} stats. */
    private static long stat(RedisMessageStore store, String key) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            store.write(json);
            json.writeEndObject();
        }
        return new ObjectMapper().readTree(out.toString()).get(ClusterStatsKeys.CLUSTER).get(key).asLong();
    }

    private static <T> T join(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
