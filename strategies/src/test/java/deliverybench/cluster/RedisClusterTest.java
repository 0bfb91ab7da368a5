package deliverybench.cluster;

import deliverybench.cluster.local.LocalRedis;
import deliverybench.cluster.local.LocalRedisCluster;
import deliverybench.core.ServerConfig;
import deliverybench.core.WakeMode;
import deliverybench.server.DeliveryServer;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import deliverybench.testkit.CollectingDevice;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateways on a real Redis Cluster of three primaries (redis-server in cluster mode, joined by
 * redis-cli): every strategy delivers across gateways, a user's keys live in one slot, a send to
 * several users on different shards stores each, and a shard that lost its data renames only its own
 * users' epochs.
 */
@Tag("redis")
class RedisClusterTest {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static LocalRedisCluster redis;
    private static XnioWorker worker;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedisCluster.start(3, 0, null, "redis-cluster-test");
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 2));
    }

    @AfterAll
    static void stop() throws Exception {
        worker.shutdownNow();
        redis.close();
    }

    private static TestServer gateway(String namespace, String id, Routing routing, Strategy strategy) throws IOException {
        return gateway(namespace, id, routing, strategy, false);
    }

    private static TestServer gateway(String namespace, String id, Routing routing, Strategy strategy,
                                      boolean classicBroadcast) throws IOException {
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET);
        if (strategy != null && strategy.serverArgs().contains("scan")) {
            config = config.withWakeMode(WakeMode.SCAN, 20);
        }
        RedisMessageStore store = RedisMessageStore.connect(new ClusterConfig(redis.uri(), id, routing,
                ClusterConfig.DEFAULT_TIMEOUT, namespace, 0, classicBroadcast), config.retention());
        return new TestServer(DeliveryServer.start(config, Strategies.all(), store), store);
    }

    /** Every strategy over the sharded channels; the two HTTP-and-push pair over the map and the partitioned broadcast. */
    static List<Arguments> strategiesAndRoutings() {
        List<Arguments> cases = new ArrayList<>();
        for (String strategy : Strategies.names()) {
            cases.add(Arguments.of(strategy, Routing.CHANNEL));
        }
        for (String strategy : List.of("websocket", "long-poll")) {
            cases.add(Arguments.of(strategy, Routing.MAP));
            cases.add(Arguments.of(strategy, Routing.BROADCAST));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("strategiesAndRoutings")
    void aClientOnOneGatewayGetsEveryMessageSentToAnother(String name, Routing routing) throws Exception {
        Strategy strategy = Strategies.byName(name);
        String namespace = "k" + NAMESPACES.incrementAndGet();
        try (TestServer here = gateway(namespace, "here", routing, strategy);
             TestServer there = gateway(namespace, "there", routing, strategy)) {
            CollectingDevice.receivesEverySendAcrossADrop(strategy, worker, here, there, 40, name + " over " + routing.key());
        }
    }

    /**
     * Broadcast over one classic channel (serve --broadcast classic) delivers on the cluster too, and every send is
     * copied over the cluster bus to each other primary; the partitioned broadcast sends no classic publish at all.
     */
    @Test
    void aClassicBroadcastIsCopiedToEveryNodeAndThePartitionedOneIsNot() throws Exception {
        Strategy websocket = Strategies.byName("websocket");
        int count = 40;
        for (boolean classic : List.of(true, false)) {
            String namespace = "k" + NAMESPACES.incrementAndGet();
            try (TestServer here = gateway(namespace, "here", Routing.BROADCAST, websocket, classic);
                 TestServer there = gateway(namespace, "there", Routing.BROADCAST, websocket, classic)) {
                long before = classicPublishesSent();
                CollectingDevice.receivesEverySendAcrossADrop(websocket, worker, here, there, count,
                        (classic ? "classic" : "partitioned") + " broadcast");
                long sent = classicPublishesSent() - before;
                if (classic) {
                    assertTrue(sent >= (long) count * (redis.nodes().size() - 1),
                            "each of " + count + " sends copied to the " + (redis.nodes().size() - 1)
                                    + " other primaries, but the bus carried " + sent);
                } else {
                    assertEquals(0, sent, "a partitioned broadcast publishes nothing classic");
                }
            }
        }
    }

    /** Classic publish messages every node has sent on the cluster bus since it started. */
    private static long classicPublishesSent() throws IOException {
        long sent = 0;
        for (LocalRedis node : redis.nodes()) {
            for (String line : node.control().command("CLUSTER", "INFO").split("\\r?\\n")) {
                if (line.startsWith("cluster_stats_messages_publish_sent:")) {
                    sent += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        }
        return sent;
    }

    @Test
    void aUsersKeysShareOneSlotAndNoEpochKeyIsGlobal() throws Exception {
        String namespace = "k" + NAMESPACES.incrementAndGet();
        Set<String> nodesUsed = new HashSet<>();
        try (TestServer gateway = gateway(namespace, "g", Routing.MAP, null)) {
            for (int u = 0; u < 30; u++) {
                String user = "u" + u;
                // Two scripts per user (the send's, the poll's): a CROSSSLOT would fail them with 503.
                assertEquals(1, gateway.sendMessage("amy", user, "hello " + user));
                assertEquals(200, gateway.get("/messages?after=0", gateway.token(user)).statusCode());
                Keys keys = new Keys(namespace, true);
                int slot = keySlot(keys.seq(user));
                for (String key : List.of(keys.inbox(user), keys.presence(user), keys.userChannel(user), keys.epochOf(user))) {
                    assertEquals(slot, keySlot(key), key + " is not in the slot of " + keys.seq(user));
                }
                nodesUsed.add(nodeHolding(keys.seq(user)).port() + "");
                assertEquals("1", nodeHolding(keys.seq(user)).control().command("EXISTS", keys.epochOf(user)),
                        "the epoch of the slot sits beside the user's keys");
            }
            assertEquals(3, nodesUsed.size(), "30 users spread over all three shards");
            for (LocalRedis node : redis.nodes()) {
                String reply = node.control().command("EXISTS", namespace + ":epoch");
                assertTrue("0".equals(reply) || reply.startsWith("ERR MOVED"), "no global epoch key: " + reply);
            }
        }
    }

    @Test
    void aSendToUsersOnEveryShardStoresEachInItsOwnSlot() throws Exception {
        String namespace = "k" + NAMESPACES.incrementAndGet();
        try (TestServer gateway = gateway(namespace, "g", Routing.CHANNEL, null)) {
            List<String> users = List.of("ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal");
            Set<Integer> ports = new HashSet<>();
            users.forEach(user -> ports.add(nodeHolding(new Keys(namespace, true).epochOf(user)).port()));
            assertTrue(ports.size() >= 2, "the recipients live on several shards");
            var send = gateway.post(gateway.token("amy"),
                    "{\"to\":[\"" + String.join("\",\"", users) + "\"],\"body\":\"to all\"}");
            assertEquals(202, send.statusCode(), send.body());
            for (String user : users) {
                var poll = gateway.get("/messages?after=0", gateway.token(user));
                assertEquals(200, poll.statusCode(), poll.body());
                assertTrue(poll.body().contains("to all"), user + ": " + poll.body());
            }
        }
    }

    @Test
    void aShardThatLostItsDataTellsOnlyItsOwnUsers410() throws Exception {
        String namespace = "k" + NAMESPACES.incrementAndGet();
        Keys keys = new Keys(namespace, true);
        String lost = "ann";
        String kept = null;
        LocalRedis lostNode = nodeHolding(keys.epochOf(lost));
        for (int u = 0; kept == null; u++) {
            if (nodeHolding(keys.epochOf("u" + u)) != lostNode) {
                kept = "u" + u;
            }
        }
        try (TestServer gateway = gateway(namespace, "g", Routing.CHANNEL, null)) {
            for (int i = 0; i < 3; i++) {
                gateway.sendMessage("amy", lost, "before " + i);
                gateway.sendMessage("amy", kept, "before " + i);
            }
            long lostEpoch = epochOf(gateway, lost);
            long keptEpoch = epochOf(gateway, kept);
            assertEquals("OK", lostNode.control().command("FLUSHALL"));
            for (int i = 0; i < 5; i++) {
                gateway.sendMessage("amy", lost, "after " + i);
                gateway.sendMessage("amy", kept, "after " + i);
            }
            var lostPoll = gateway.get("/messages?after=3&epoch=" + lostEpoch, gateway.token(lost));
            assertEquals(410, lostPoll.statusCode(), lostPoll.body());
            assertNotEquals(lostEpoch, TestServer.parse(lostPoll.body()).get("epoch").asLong());
            var keptPoll = gateway.get("/messages?after=3&epoch=" + keptEpoch, gateway.token(kept));
            assertEquals(200, keptPoll.statusCode(), keptPoll.body());
            assertEquals(keptEpoch, TestServer.parse(keptPoll.body()).get("epoch").asLong());
            assertEquals(5, TestServer.parse(keptPoll.body()).get("messages").size());
        }
    }

    private static long epochOf(TestServer gateway, String user) {
        var poll = gateway.get("/messages?after=0", gateway.token(user));
        assertEquals(200, poll.statusCode(), poll.body());
        return TestServer.parse(poll.body()).get("epoch").asLong();
    }

    private static int keySlot(String key) throws IOException {
        return Integer.parseInt(redis.nodes().get(0).control().command("CLUSTER", "KEYSLOT", key));
    }

    /** The primary that serves the key's slot: the one that does not answer MOVED. */
    private static LocalRedis nodeHolding(String key) {
        try {
            return redis.primaryServing(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
