package deliverybench.client.heartbeat;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heartbeat on scripted time against a scripted carrier NAT (a mapping idle both ways for {@link #NAT_IDLE_NS}
 * is forgotten: later bytes vanish, nobody is told) and a scripted server that pushes an inbox and resumes after the
 * seq a client names. A drop is found by the unanswered heartbeat, the client reconnects and resumes: nothing lost.
 */
class HeartbeatNatTest {

    private static final long MS = 1_000_000L;
    private static final long ONE_WAY_NS = 35 * MS;
    private static final long NAT_IDLE_NS = 3_000 * MS;
    private static final long RECONNECT_NS = 50 * MS;

    private final ScriptedTimers timers = new ScriptedTimers();
    private final HeartbeatCounters counters = new HeartbeatCounters();

    /** One connection's NAT mapping: bytes pass while it remembers. */
    private final class Mapping {
        private long lastByteNs = timers.nanoTime();
        boolean forgotten;

        boolean pass() {
            if (forgotten || timers.nanoTime() - lastByteNs >= NAT_IDLE_NS) {
                forgotten = true;
                return false;
            }
            lastByteNs = timers.nanoTime();
            return true;
        }
    }

    /** A device that heartbeats, is pushed the inbox, and resumes after its highest seq on every reconnect. */
    private final class Device {
        final HeartbeatSchedule schedule;
        final List<Long> received = new ArrayList<>();
        final List<Long> deathsNs = new ArrayList<>();
        final List<Boolean> deathWasForgotten = new ArrayList<>();
        final List<Long> lastPingNs = new ArrayList<>();
        Mapping mapping;
        Heartbeat heartbeat;

        Device(HeartbeatPolicy policy) {
            this.schedule = policy.schedule();
        }

        void connect() {
            Mapping current = new Mapping();
            mapping = current;
            heartbeat = Heartbeat.active(schedule, timers, () -> ping(current), () -> dead(current), counters);
            long after = received.isEmpty() ? 0 : received.get(received.size() - 1);
            timers.after(ONE_WAY_NS, () -> inbox.stream().filter(seq -> seq > after).forEach(seq -> push(current, seq)));
        }

        void ping(Mapping on) {
            lastPingNs.add(timers.nanoTime());
            if (on.pass()) {
                // The server answers at once; the answer crosses the NAT on its way back.
                timers.after(ONE_WAY_NS, () -> {
                    if (on.pass()) {
                        timers.after(ONE_WAY_NS, () -> {
                            if (mapping == on) {
                                heartbeat.answered();
                            }
                        });
                    }
                });
            }
        }

        void push(Mapping on, long seq) {
            if (on.pass()) {
                timers.after(ONE_WAY_NS, () -> {
                    if (mapping == on && seq > (received.isEmpty() ? 0 : received.get(received.size() - 1))) {
                        received.add(seq);
                    }
                });
            }
        }

        void dead(Mapping on) {
            deathsNs.add(timers.nanoTime());
            deathWasForgotten.add(on.forgotten);
            mapping = null;
            timers.after(RECONNECT_NS, this::connect);
        }
    }

    private final List<Long> inbox = new ArrayList<>();

    private void send(Device device, long atNs) {
        timers.at(atNs, () -> {
            long seq = inbox.size() + 1;
            inbox.add(seq);
            if (device.mapping != null) {
                Mapping on = device.mapping;
                timers.after(ONE_WAY_NS, () -> device.push(on, seq));
            }
        });
    }

    @Test
    void aNatDropIsFoundByTheUnansweredHeartbeatAndTheResumeLosesNothing() {
        // WeChat's adaptive heartbeat 100 times faster: 2.7 s, 3.3 s, ... against a NAT that forgets after 3 s.
        Device device = new Device(HeartbeatPolicy.adaptive(Duration.ofSeconds(1)).fasterBy(100));
        device.connect();
        for (long s = 1; s <= 60; s += 7) {
            send(device, s * 1_000 * MS);
        }
        timers.advanceTo(70_000 * MS);

        // The 2.7 s heartbeat is answered; the next comes 3.3 s later, after the NAT forgot (3 s idle): unanswered.
        assertEquals(2_700 * MS, device.lastPingNs.get(0));
        assertTrue(device.deathsNs.size() >= 1, "no drop found");
        long firstDeath = device.deathsNs.get(0);
        long pingBefore = device.lastPingNs.stream().filter(t -> t < firstDeath).max(Long::compare).orElseThrow();
        assertEquals(pingBefore + 1_000 * MS, firstDeath, "found one deadline after the unanswered heartbeat");
        assertFalse(device.deathWasForgotten.contains(false), "a live connection was declared dead");
        // After the loss the device keeps the last interval that survived (below the NAT's 3 s): no more drops.
        assertEquals(1, device.deathsNs.size());
        assertEquals(2_700 * MS, device.schedule.intervalNs());
        assertEquals(1, counters.deadFound());
        // Every message, once, in order: what was pushed into the forgotten mapping came with the resume.
        assertEquals(inbox, device.received);
    }

    @Test
    void aFixedHeartbeatLongerThanTheNatFindsEveryDrop() {
        Device device = new Device(HeartbeatPolicy.fixed(Duration.ofMillis(4_000), Duration.ofMillis(500)));
        device.connect();
        for (long s = 1; s <= 40; s += 5) {
            send(device, s * 1_000 * MS);
        }
        timers.advanceTo(50_000 * MS);

        assertTrue(device.deathsNs.size() >= 3, "drops found: " + device.deathsNs.size());
        assertFalse(device.deathWasForgotten.contains(false), "a live connection was declared dead");
        assertEquals(inbox, device.received);
        assertEquals(counters.deadFound(), device.deathsNs.size());
    }

    @Test
    void aHeartbeatShorterThanTheNatKeepsTheMappingAndIsNeverDeclaredDead() {
        Device device = new Device(HeartbeatPolicy.fixed(Duration.ofMillis(2_000), Duration.ofMillis(500)));
        device.connect();
        timers.advanceTo(60_000 * MS);
        assertTrue(device.deathsNs.isEmpty());
        assertFalse(device.mapping.forgotten);
        // The next interval runs from the answer, a round trip (70 ms) after the ping: every 2.07 s, 29 in a minute.
        assertEquals(29, counters.heartbeats());
    }

    @Test
    void aStreamSilentPastItsKeepAliveAndTheDeadlineIsDead() {
        HeartbeatSchedule schedule = HeartbeatPolicy.fixed(Duration.ofSeconds(2), Duration.ofSeconds(1)).schedule();
        List<Long> deaths = new ArrayList<>();
        Heartbeat watch = Heartbeat.passive(schedule, 2_000 * MS, timers, () -> deaths.add(timers.nanoTime()), counters);
        // Keep-alives at 2 s and 4 s, a message at 5 s, then silence: dead at 5 s + 2 s + 1 s.
        timers.at(2_000 * MS, watch::answered);
        timers.at(4_000 * MS, watch::answered);
        timers.at(5_000 * MS, watch::heard);
        timers.advanceTo(20_000 * MS);
        assertEquals(List.of(8_000 * MS), deaths);
        assertEquals(2, counters.heartbeats());
        assertEquals(1, counters.deadFound());
        assertEquals(0, timers.pending());
    }

    @Test
    void aStoppedHeartbeatLeavesNoTimer() {
        Heartbeat heartbeat = Heartbeat.active(HeartbeatPolicy.fixed(Duration.ofSeconds(1), Duration.ofSeconds(1)).schedule(),
                timers, () -> { }, () -> { throw new AssertionError("dead after stop"); }, counters);
        timers.advanceTo(1_500 * MS);
        heartbeat.stop();
        timers.advanceTo(10_000 * MS);
        assertEquals(0, timers.pending());
    }
}
