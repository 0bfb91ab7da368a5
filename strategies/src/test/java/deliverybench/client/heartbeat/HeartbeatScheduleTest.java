package deliverybench.client.heartbeat;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatScheduleTest {

    private static final long S = 1_000_000_000L;

    @Test
    void adaptiveLengthensBySixtySecondsWhileAnsweredUpToTenMinutes() {
        HeartbeatSchedule schedule = HeartbeatPolicy.adaptive(Duration.ofSeconds(10)).schedule();
        assertEquals(270 * S, schedule.intervalNs());
        long[] expected = {330, 390, 450, 510, 570, 600, 600, 600};
        for (long seconds : expected) {
            schedule.answered();
            assertEquals(seconds * S, schedule.intervalNs());
        }
        assertFalse(schedule.probing(), "at the cap");
    }

    @Test
    void aLossGoesBackToTheLastAnsweredIntervalAndStopsProbing() {
        HeartbeatSchedule schedule = HeartbeatPolicy.adaptive(Duration.ofSeconds(10)).schedule();
        schedule.answered();
        schedule.answered();
        assertEquals(390 * S, schedule.intervalNs());
        // The 390 s heartbeat goes unanswered: the NAT forgets somewhere between 330 s and 390 s.
        schedule.lost();
        assertEquals(330 * S, schedule.intervalNs());
        assertFalse(schedule.probing());
        schedule.answered();
        assertEquals(330 * S, schedule.intervalNs(), "stable: an answer no longer lengthens it");
        // A later loss (the NAT's timeout shrank) backs off one more step, never below the start.
        schedule.lost();
        assertEquals(270 * S, schedule.intervalNs());
        schedule.lost();
        assertEquals(270 * S, schedule.intervalNs());
    }

    @Test
    void aFixedIntervalNeverMoves() {
        HeartbeatSchedule schedule = HeartbeatPolicy.fixed(Duration.ofSeconds(30), Duration.ofSeconds(5)).schedule();
        schedule.answered();
        schedule.lost();
        schedule.answered();
        assertEquals(30 * S, schedule.intervalNs());
        assertFalse(schedule.probing());
    }

    @Test
    void scaledDownEveryIntervalShrinksButNotTheDeadline() {
        HeartbeatPolicy policy = HeartbeatPolicy.adaptive(Duration.ofSeconds(1)).fasterBy(100);
        assertEquals(2_700_000_000L, policy.startNs());
        assertEquals(600_000_000L, policy.stepNs());
        assertEquals(6 * S, policy.maxNs());
        assertEquals(S, policy.deadlineNs());
        assertEquals(7 * S, policy.detectionBoundNs());
        assertTrue(policy.adaptive());
        assertThrows(IllegalArgumentException.class, () -> policy.fasterBy(0.5));
        assertEquals(0, HeartbeatPolicy.NONE.detectionBoundNs());
    }
}
