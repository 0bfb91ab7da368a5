package deliverybench.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The open-loop schedule, driven by a fake clock: what is sent, when, and what happens when a send is late. */
class PacerTest {

    /** A clock that moves only when the pacer sleeps or a send takes time. */
    private static class FakeClock implements RunClock {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long until) {
            now = Math.max(now, until);
        }
    }

    private record Send(long intendedNs, long actualNs, int recipient) {
    }

    /** Runs a pacer on a fake clock; each send takes {@code sendCostNs[i % length]} of clock time. */
    private static List<Send> run(SendSchedule schedule, long durationNs, long... sendCostNs) throws InterruptedException {
        FakeClock clock = new FakeClock();
        clock.now = 1_000_000_000L;
        List<Send> sends = new ArrayList<>();
        Pacer pacer = new Pacer(clock);
        long start = clock.now;
        pacer.run(schedule, start, start + durationNs, (intended, recipient) -> {
            sends.add(new Send(intended - start, clock.now - start, recipient[0]));
            if (sendCostNs.length > 0) {
                clock.now += sendCostNs[(sends.size() - 1) % sendCostNs.length];
            }
        });
        return sends;
    }

    @ParameterizedTest(name = "{0}/s for {1} ms sends {2}")
    @CsvSource({"10, 1000, 10", "1000, 1000, 1000", "3, 1000, 3", "7, 2000, 14", "1, 500, 1"})
    void constantSendsExactlyRateTimesDurationEvenlySpaced(double rate, long durationMs, int expected)
            throws InterruptedException {
        List<Send> sends = run(new SendSchedule(rate, Arrival.CONSTANT, 10, 1), durationMs * 1_000_000L);
        assertEquals(expected, sends.size());
        for (int i = 0; i < sends.size(); i++) {
            long intended = Math.round(i * 1e9 / rate);
            assertEquals(intended, sends.get(i).intendedNs(), "send " + i);
            assertEquals(intended, sends.get(i).actualNs(), "an on-time send goes at its intended time");
        }
    }

    @Test
    void poissonKeepsTheRateOnAverageWithExponentialGaps() throws InterruptedException {
        List<Send> sends = run(new SendSchedule(1_000, Arrival.POISSON, 10, 7), 20_000_000_000L);
        assertTrue(Math.abs(sends.size() - 20_000) < 600, "sent " + sends.size() + " in 20 s at 1000/s");
        long shortGaps = 0;
        for (int i = 1; i < sends.size(); i++) {
            if (sends.get(i).intendedNs() - sends.get(i - 1).intendedNs() < 1_000_000L) {
                shortGaps++;
            }
        }
        // For exponential gaps with mean 1 ms, P(gap < mean) = 1 - 1/e = 0.632.
        double fraction = (double) shortGaps / (sends.size() - 1);
        assertTrue(Math.abs(fraction - 0.632) < 0.02, "fraction of gaps under the mean: " + fraction);
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndRecipients() throws InterruptedException {
        assertEquals(run(new SendSchedule(500, Arrival.POISSON, 100, 42), 1_000_000_000L),
                run(new SendSchedule(500, Arrival.POISSON, 100, 42), 1_000_000_000L));
        List<Send> other = run(new SendSchedule(500, Arrival.POISSON, 100, 43), 1_000_000_000L);
        assertTrue(!other.equals(run(new SendSchedule(500, Arrival.POISSON, 100, 42), 1_000_000_000L)));
    }

    @Test
    void recipientsAreUniform() throws InterruptedException {
        int[] counts = new int[10];
        for (Send send : run(new SendSchedule(10_000, Arrival.CONSTANT, 10, 3), 10_000_000_000L)) {
            counts[send.recipient()]++;
        }
        for (int count : counts) {
            assertTrue(Math.abs(count - 10_000) < 500, "recipient got " + count + " of 100000");
        }
    }

    @Test
    void aLateSendDoesNotShiftTheSchedule() throws InterruptedException {
        // 10/s; the third send takes 350 ms: the next sends go at once, late, with their intended times unchanged.
        long ms = 1_000_000L;
        List<Send> sends = run(new SendSchedule(10, Arrival.CONSTANT, 1, 1), 1_000 * ms, 0, 0, 350 * ms, 0, 0, 0, 0, 0, 0, 0);
        assertEquals(10, sends.size(), "a stall must not thin the load");
        long[] expectedActualMs = {0, 100, 200, 550, 550, 550, 600, 700, 800, 900};
        for (int i = 0; i < sends.size(); i++) {
            assertEquals(i * 100 * ms, sends.get(i).intendedNs(), "intended time of send " + i);
            assertEquals(expectedActualMs[i] * ms, sends.get(i).actualNs(), "actual time of send " + i);
        }
    }

    @Test
    void aFanoutPicksDistinctRecipientsUniformly() {
        SendSchedule schedule = new SendSchedule(100, Arrival.CONSTANT, 50, 10, 9);
        int[] counts = new int[50];
        for (int i = 0; i < 5_000; i++) {
            int[] recipients = schedule.nextRecipients();
            assertEquals(10, recipients.length);
            assertEquals(10, java.util.Arrays.stream(recipients).distinct().count(), "a recipient twice");
            for (int user : recipients) {
                counts[user]++;
            }
        }
        for (int count : counts) {
            assertTrue(Math.abs(count - 1_000) < 150, "a user got " + count + " of 1000");
        }
    }

    @Test
    void lagIsMeasuredFromTheIntendedTime() throws InterruptedException {
        FakeClock clock = new FakeClock();
        Pacer pacer = new Pacer(clock);
        pacer.run(new SendSchedule(10, Arrival.CONSTANT, 1, 1), 0, 1_000_000_000L,
                (intended, recipient) -> clock.now += intended == 200_000_000L ? 350_000_000L : 0);
        assertEquals(10, pacer.sent());
        // Sends 3 and 4 left 250 ms and 150 ms late, the one after 50 ms late.
        assertEquals(250_000_000L, pacer.lagNs().getMaxValue(), 250_000_000L * 0.001);
        assertEquals(3, pacer.lagNs().getCountBetweenValues(1, Long.MAX_VALUE / 4));
    }

    @Test
    void wakeLatenessCountsOnlySendsThePacerWaitedForAndTicksThatHoldItAreTimed() throws InterruptedException {
        // A clock that wakes 40 us late, and a tick at 480 ms that holds the pacer's thread for 30 ms.
        FakeClock clock = new FakeClock() {
            @Override
            public void sleepUntil(long until) {
                now = Math.max(now, until + 40_000);
            }
        };
        Pacer pacer = new Pacer(clock);
        long[] tick = {480_000_000L};
        Pacer.Ticks ticks = new Pacer.Ticks() {
            @Override
            public long nextNs() {
                return tick[0];
            }

            @Override
            public void run(long tickNs) {
                clock.now += 30_000_000L;
                tick[0] = NONE;
            }

            @Override
            public long endNs() {
                return 1_000_000_000L;
            }
        };
        pacer.run(new SendSchedule(10, Arrival.CONSTANT, 1, 1), -1_000_000_000L, -1, (intended, recipients) -> { });
        assertEquals(10, pacer.lagNs().getTotalCount());
        // Setting where lag counts from drops what an earlier run (the warm-up) recorded.
        pacer.recordLagFrom(0);
        pacer.run(new SendSchedule(10, Arrival.CONSTANT, 1, 1), 0, (intended, recipients) -> { }, ticks);
        assertEquals(10, pacer.lagNs().getTotalCount());
        assertEquals(20, pacer.sent());
        // The send at 500 ms waits for the tick (lag 10.04 ms) without sleeping: it is lag, not wake-up lateness;
        // so is the send at 0, due at once. The other 8 waited and woke 40 us late.
        assertEquals(8, pacer.wakeLateNs().getTotalCount());
        assertEquals(40_000, pacer.wakeLateNs().getMaxValue(), 40);
        assertEquals(10_040_000L, pacer.lagNs().getMaxValue(), 10_040_000L * 0.001);
        assertEquals(1, pacer.tickHoldNs().getTotalCount());
        assertEquals(30_000_000L, pacer.tickHoldNs().getMaxValue(), 30_000_000L * 0.001);
    }

    @Test
    void theSpinWindowIsBoundedToAShareOfTheWait() {
        // Long waits spin at most SPIN_MAX_NS; short ones a fifth of the wait, never under SPIN_MIN_NS.
        assertEquals(RunClock.SPIN_MAX_NS, RunClock.spinWindowNs(10_000_000L));
        assertEquals(40_000, RunClock.spinWindowNs(200_000));
        assertEquals(RunClock.SPIN_MIN_NS, RunClock.spinWindowNs(50_000));
        assertEquals(RunClock.SPIN_MIN_NS, RunClock.spinWindowNs(-5));
    }

    @Test
    void theSystemClockReturnsAtOrAfterTheTime() throws InterruptedException {
        for (long waitNs : new long[]{0, 30_000, 300_000, 2_000_000}) {
            long until = System.nanoTime() + waitNs;
            RunClock.SYSTEM.sleepUntil(until);
            assertTrue(System.nanoTime() - until >= 0);
        }
    }
}
