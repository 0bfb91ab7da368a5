package deliverybench.cluster;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve --cluster}: one Redis or a Redis Cluster's seeds, and a clear error for anything else. */
class ClusterConfigTest {

    @Test
    void aRedisClusterUriNamesEverySeed() {
        ClusterConfig config = new ClusterConfig(URI.create("redis-cluster://127.0.0.1:7000,10.0.0.2:7001"), "g", Routing.MAP);
        assertTrue(config.isRedisCluster());
        assertEquals(List.of(RedisURI.create("127.0.0.1", 7000), RedisURI.create("10.0.0.2", 7001)), config.seeds());
    }

    @Test
    void oneRedisIsNoCluster() {
        assertFalse(new ClusterConfig(URI.create("redis://127.0.0.1:6379"), "g", Routing.MAP).isRedisCluster());
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-cluster://127.0.0.1", "redis-cluster://127.0.0.1:7000,", "redis-cluster://h:0",
            "redis-cluster://h:7000/db", "rediss://h:7000", "redis-cluster://h:x"})
    void anythingElseIsAClearError(String uri) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClusterConfig(URI.create(uri), "g", Routing.MAP));
        assertTrue(e.getMessage().contains("--cluster"), e.getMessage());
    }
}
