package deliverybench.shard;

import deliverybench.run.server.Pinning;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The split: K parts of the users and the rate that add up to the whole, for awkward K. */
class ShardTest {

    @Test
    void thePartsOfTheUsersAddUpToTheWholeAndDifferByAtMostOne() {
        for (int users : List.of(1, 2, 3, 7, 10, 199, 200, 1_000, 10_007)) {
            for (int count = 1; count <= Math.min(users, 64); count++) {
                int sum = 0;
                int least = Integer.MAX_VALUE;
                int most = 0;
                int next = 0;
                for (int i = 0; i < count; i++) {
                    Shard shard = new Shard(i, count);
                    assertEquals(next, shard.firstUser(users), users + " users, shard " + shard + " starts where the last ended");
                    int part = shard.users(users);
                    next += part;
                    sum += part;
                    least = Math.min(least, part);
                    most = Math.max(most, part);
                }
                assertEquals(users, sum, users + " users in " + count + " shards");
                assertTrue(least >= 1 && most - least <= 1, users + "/" + count + ": parts from " + least + " to " + most);
            }
        }
    }

    @Test
    void theRemainderIsSpreadNotPiledOnTheFirstShards() {
        // 200 users in 3: 66, 67, 67 (k6's segments: 0..66, 66..133, 133..200).
        assertEquals(List.of(66, 67, 67), List.of(new Shard(0, 3).users(200), new Shard(1, 3).users(200),
                new Shard(2, 3).users(200)));
        // 10 in 4: 2, 3, 2, 3.
        assertEquals(List.of(2, 3, 2, 3), List.of(new Shard(0, 4).users(10), new Shard(1, 4).users(10),
                new Shard(2, 4).users(10), new Shard(3, 4).users(10)));
    }

    @Test
    void thePartsOfTheRateAddUpToTheWholeAndEveryUserGetsTheSameLoad() {
        for (double rate : List.of(1.0, 100.0, 2_000.0, 333.3, 7.5)) {
            for (int users : List.of(3, 7, 200, 1_001)) {
                for (int count = 1; count <= Math.min(users, 13); count++) {
                    double sum = 0;
                    for (int i = 0; i < count; i++) {
                        Shard shard = new Shard(i, count);
                        double part = shard.rate(rate, users);
                        sum += part;
                        assertEquals(rate / users, part / shard.users(users), 1e-12 * rate,
                                "per-user rate of shard " + shard);
                    }
                    assertEquals(rate, sum, 1e-9 * rate, rate + " msg/s over " + users + " users in " + count);
                }
            }
        }
    }

    @Test
    void oneShardIsTheWholeRunWithItsOwnSeedAndUserNames() {
        assertEquals(200, Shard.WHOLE.users(200));
        assertEquals(2_000.0, Shard.WHOLE.rate(2_000, 200));
        assertEquals(42L, Shard.WHOLE.seed(42));
        assertEquals("", Shard.WHOLE.userTag());
        assertTrue(new Shard(1, 2).seed(42) != new Shard(0, 2).seed(42));
        assertTrue(!new Shard(1, 2).userTag().equals(new Shard(0, 2).userTag()));
    }

    @Test
    void theShardsDrawArrivalsOfTheirOwnNotOneStreamShifted() {
        List<long[]> gaps = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deliverybench.schedule.SendSchedule schedule = new deliverybench.schedule.SendSchedule(1_000,
                    deliverybench.schedule.Arrival.POISSON, 100, new Shard(i, 3).seed(1));
            long[] own = new long[2_000];
            long last = schedule.nextOffsetNs();
            for (int n = 0; n < own.length; n++) {
                long next = schedule.nextOffsetNs();
                own[n] = next - last;
                last = next;
            }
            gaps.add(own);
        }
        for (int a = 0; a < gaps.size(); a++) {
            for (int b = 0; b < gaps.size(); b++) {
                for (int shift = 0; shift < 1_000 && a != b; shift++) {
                    int same = 0;
                    for (int n = 0; n < 100; n++) {
                        same += gaps.get(a)[n] == gaps.get(b)[n + shift] ? 1 : 0;
                    }
                    assertTrue(same < 10, "shard " + b + "'s gaps are shard " + a + "'s shifted by " + shift);
                }
            }
        }
    }

    @Test
    void aBadShardIsRefusedClearly() {
        assertEquals(new Shard(1, 3), Shard.parse(" 1/3 "));
        for (String bad : List.of("2/2", "-1/2", "a/b", "1", "1/0", "0/1/2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().contains("I/K"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Shard.requireUsers(3, 2));
    }

    @Test
    void eachShardIsPinnedToItsOwnCpuListOrAllToTheOne() {
        Pinning apart = new Pinning("0", "1/0-1");
        assertEquals("1", apart.driverCpus(0, 2));
        assertEquals("0-1", apart.driverCpus(1, 2));
        assertTrue(apart.shared(), "shard 1 may run on the server's cpu 0");
        Pinning one = new Pinning(null, "1");
        assertEquals("1", one.driverCpus(1, 2));
        assertThrows(IllegalArgumentException.class, () -> apart.driverCpus(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Pinning(null, "1/x"));
        assertEquals(false, new Pinning("0", "1/1").shared());
    }
}
