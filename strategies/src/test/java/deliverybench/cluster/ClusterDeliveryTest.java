package deliverybench.cluster;

import deliverybench.cluster.local.LocalRedis;
import deliverybench.core.ServerConfig;
import deliverybench.core.WakeMode;
import deliverybench.server.DeliveryServer;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Strategy;
import deliverybench.testkit.CollectingDevice;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateways on one real redis-server, for every strategy and routing: a client on one gateway gets
 * every message sent to the other, in order, across a dropped connection; and a gateway whose Redis
 * is gone answers 503 and reports nothing sent.
 */
@Tag("redis")
class ClusterDeliveryTest {

    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static LocalRedis redis;
    private static XnioWorker worker;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start(null);
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 2));
    }

    @AfterAll
    static void stop() throws Exception {
        worker.shutdownNow();
        redis.close();
    }

    static List<Arguments> strategiesAndRoutings() {
        List<Arguments> cases = new ArrayList<>();
        for (String strategy : Strategies.names()) {
            for (Routing routing : Routing.values()) {
                cases.add(Arguments.of(strategy, routing));
            }
        }
        return cases;
    }

    /** A gateway: a delivery server over a Redis store of the given cluster. */
    private static TestServer gateway(URI redisUri, String namespace, String id, Routing routing, Strategy strategy)
            throws Exception {
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET);
        if (strategy != null && strategy.serverArgs().contains("scan")) {
            config = config.withWakeMode(WakeMode.SCAN, 20);
        }
        RedisMessageStore store = RedisMessageStore.connect(new ClusterConfig(redisUri, id, routing,
                ClusterConfig.DEFAULT_TIMEOUT, namespace), config.retention());
        return new TestServer(DeliveryServer.start(config, Strategies.all(), store), store);
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("strategiesAndRoutings")
    void aClientOnOneGatewayGetsEveryMessageSentToAnother(String name, Routing routing) throws Exception {
        Strategy strategy = Strategies.byName(name);
        String namespace = "c" + CLUSTERS.incrementAndGet();
        int count = 100;
        try (TestServer here = gateway(redis.uri(), namespace, "here", routing, strategy);
             TestServer there = gateway(redis.uri(), namespace, "there", routing, strategy)) {
            CollectingDevice.receivesEverySendAcrossADrop(strategy, worker, here, there, count, name + " over " + routing.key());
            var cluster = here.stats().get(ClusterStatsKeys.CLUSTER);
            assertEquals("here", cluster.get(ClusterStatsKeys.GATEWAY_ID).asText());
            assertEquals(routing.key(), cluster.get(ClusterStatsKeys.ROUTING).asText());
            assertTrue(cluster.get(ClusterStatsKeys.REDIS_COMMANDS).asLong() > 0);
            assertTrue(cluster.get(ClusterStatsKeys.REDIS_BYTES_IN).asLong() > 0);
            assertTrue(cluster.get(ClusterStatsKeys.REDIS_BYTES_OUT).asLong() > 0);
            // A poll that is never held registers nothing: only broadcast routes every message everywhere.
            assertTrue(cluster.get(ClusterStatsKeys.ROUTED_IN).asLong() >= (routing == Routing.BROADCAST ? count : 0));
            assertTrue(cluster.get(ClusterStatsKeys.ROUTED_DROPPED).asLong() >= 0);
            assertTrue(cluster.get(ClusterStatsKeys.PRESENCE_ENTRIES).asLong() <= (routing == Routing.BROADCAST ? 0 : 1),
                    "at most zoe's entry (map) or channel (channel), kept a while after her last connection");
        }
    }

    @Test
    void aGatewayWhoseRedisIsGoneAnswers503AndReportsNothingSent() throws Exception {
        LocalRedis doomed = LocalRedis.start(null);
        try (TestServer gateway = gateway(doomed.uri(), "gone", "g", Routing.MAP, null)) {
            assertEquals(1, gateway.sendMessage("amy", "bob", "stored"));
            doomed.close();
            var send = gateway.post(gateway.token("amy"), TestServer.json("bob", "not stored"));
            assertEquals(503, send.statusCode(), send.body());
            assertTrue(send.body().contains("unavailable"), send.body());
            assertEquals(503, gateway.get("/messages?after=0", gateway.token("bob")).statusCode());
            assertEquals(1, gateway.stats().get("send").get("messages_delivered").asLong(),
                    "only the stored message counts as sent");
        } finally {
            doomed.close();
        }
    }
}
