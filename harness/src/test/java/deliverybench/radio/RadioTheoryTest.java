package deliverybench.radio;

import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.options.RunOptions;
import deliverybench.options.WorkloadOptions;
import deliverybench.strategy.Strategies;
import deliverybench.strategy.Wakeups;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ideal timelines, and the model on them against docs/battery.md's arithmetic. */
class RadioTheoryTest {

    private static final HeartbeatPolicy NONE = HeartbeatPolicy.NONE;

    private static Wakeups of(String strategy, WorkloadOptions workload, HeartbeatPolicy heartbeat) {
        return Strategies.byName(strategy).wakeups(workload.shape(Double.NaN), heartbeat);
    }

    @Test
    void shortPollEveryThirtySecondsCostsAPromotionAndATailEachTime() {
        double idleW = 0.043 * 0.594 / 1.28;
        double tailJ = 0.1 * 1.2 + 0.02 * (0.002 * 1.68 + 0.018 * 1.06) / 0.02 + 10 * (0.002 * 1.68 + 0.038 * 1.06) / 0.04;
        double perPollJ = 0.26 * 1.21 + tailJ + (30 - 10.38) * idleW;

        WorkloadOptions workload = RunOptions.parse("--poll-interval", "30s").workload();
        double theory = RadioTheory.energyJPerHour(RadioModel.load("lte"), of("short-poll", workload, NONE), workload, 1);

        assertEquals(120 * perPollJ, theory, 1e-6);
        assertEquals(1411.026, theory, 0.001);
    }

    @Test
    void longPollAnswersAtEachMessageOrAtTheWait() {
        WorkloadOptions workload = RunOptions.parse("--poll-wait", "30s").workload();
        List<Transfer> silent = RadioTheory.wakeUps(of("long-poll", workload, NONE), 0, 100, 1);
        assertEquals(List.of(30.0, 60.0, 90.0), silent.stream().map(Transfer::atS).toList());

        List<Transfer> busy = RadioTheory.wakeUps(of("websocket", workload, NONE), 0.5, 10_000, 1);
        // a Poisson count of mean 5,000: within 5 standard deviations (about 71 each)
        assertTrue(Math.abs(busy.size() - 5_000) < 355, "messages " + busy.size());
        for (int i = 1; i < busy.size(); i++) {
            assertTrue(busy.get(i).atS() > busy.get(i - 1).atS());
        }
    }

    @Test
    void aPushWithAHeartbeatWakesAtEachPingAndEachMessage() {
        WorkloadOptions workload = RunOptions.parse().workload();
        HeartbeatPolicy every270s = HeartbeatPolicy.fixed(Duration.ofSeconds(270), Duration.ofSeconds(10));
        List<Transfer> pings = RadioTheory.wakeUps(of("websocket", workload, every270s), 0, 1_000, 1);
        assertEquals(List.of(0.0, 270.0, 540.0, 810.0), pings.stream().map(Transfer::atS).toList());

        // 4 h of pings every 270 s and nothing else: each a promotion and a whole tail (as docs/battery.md's P > 10.38 s)
        double idleW = 0.043 * 0.594 / 1.28;
        double tailJ = 0.1 * 1.2 + 0.02 * (0.002 * 1.68 + 0.018 * 1.06) / 0.02 + 10 * (0.002 * 1.68 + 0.038 * 1.06) / 0.04;
        double perPingJ = 0.26 * 1.21 + tailJ + (270 - 10.38) * idleW;
        // (a message per user every 2,000,000 s: one in the 4 h at most, which would add under 3 J per hour)
        WorkloadOptions nearlySilent = RunOptions.parse("--clients", "200", "--rate", "0.0001").workload();
        assertEquals(3600 / 270.0 * perPingJ, RadioTheory.energyJPerHour(RadioModel.load("lte"),
                of("websocket", nearlySilent, every270s), nearlySilent, 1), 3);

        // SSE asks the server for its keep-alive at the heartbeat's interval instead of the default 15 s.
        assertEquals(new Wakeups(0, 270, true), of("sse", workload, every270s));
        assertEquals(new Wakeups(0, 15, true), of("stream", workload, NONE));
    }
}
