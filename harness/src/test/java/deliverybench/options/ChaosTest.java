package deliverybench.options;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChaosTest {

    @Test
    void specsCombine() {
        Chaos chaos = Chaos.parse(List.of("drop=0.01", "pause=1s@20s"));
        assertEquals(0.01, chaos.dropPerSecond());
        assertEquals(Duration.ofSeconds(1), chaos.pause());
        assertEquals(Duration.ofSeconds(20), chaos.pauseAt());
        assertEquals(Duration.ofMillis(500), Chaos.parse(List.of("pause=500ms@2s")).pause());
        assertFalse(Chaos.parse(List.of()).any());
        assertNull(Chaos.parse(List.of("drop=0.5")).pause());
        assertEquals(Duration.ofSeconds(4), Chaos.parse(List.of("restart@4s")).restartAt());
        assertEquals(0.1, Chaos.parse(List.of("slow=0.1")).slowFraction());
    }

    @Test
    void clusterFaultsParseAndSayTheyNeedACluster() {
        Chaos chaos = Chaos.parse(List.of("kill-gateway@5s", "redis-pause=2s@8s"));
        assertEquals(Duration.ofSeconds(5), chaos.killGatewayAt());
        assertEquals(Duration.ofSeconds(2), chaos.redisPause());
        assertEquals(Duration.ofSeconds(8), chaos.redisPauseAt());
        assertEquals(true, chaos.cluster());
        assertEquals("kill-gateway@5000ms,redis-pause=2000ms@8000ms", chaos.toString());
        assertFalse(Chaos.parse(List.of("pause=1s@2s")).cluster());
    }

    @Test
    void killRedisPrimaryParsesAndIsRefusedWithoutAReplicatedClusterOfTheRuns() {
        Chaos chaos = Chaos.parse(List.of("kill-redis-primary@4s"));
        assertEquals(Duration.ofSeconds(4), chaos.killRedisPrimaryAt());
        assertEquals(true, chaos.cluster());
        assertEquals("kill-redis-primary@4000ms", chaos.toString());
        IllegalArgumentException noReplicas = assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(
                "--strategy", "websocket", "--gateways", "2", "--redis-shards", "3", "--chaos", "kill-redis-primary@4s"));
        assertEquals(true, noReplicas.getMessage().contains("--redis-replicas 1"), noReplicas.getMessage());
        IllegalArgumentException noCluster = assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(
                "--strategy", "websocket", "--chaos", "kill-redis-primary@4s"));
        assertEquals(true, noCluster.getMessage().contains("--gateways"), noCluster.getMessage());
        IllegalArgumentException waitTooMany = assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(
                "--strategy", "websocket", "--gateways", "2", "--redis-shards", "3", "--redis-replicas", "1",
                "--redis-wait", "2"));
        assertEquals(true, waitTooMany.getMessage().contains("--redis-replicas 2"), waitTooMany.getMessage());
        RunOptions.parse("--strategy", "websocket", "--gateways", "2", "--redis-shards", "3", "--redis-replicas", "1",
                "--redis-wait", "1", "--chaos", "kill-redis-primary@4s", "--duration", "12s");
    }

    @Test
    void badSpecsSayWhatIsExpected() {
        assertThrows(IllegalArgumentException.class, () -> Chaos.parse(List.of("drop=2")));
        assertThrows(IllegalArgumentException.class, () -> Chaos.parse(List.of("pause=1s")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chaos.parse(List.of("flood=9")));
        assertEquals(true, e.getMessage().contains("drop=<fraction per second>"));
    }
}
