package deliverybench.radio;

import deliverybench.options.RunOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ideal timelines, and the model on them against docs/battery.md's arithmetic. */
class RadioTheoryTest {

    @Test
    void shortPollEveryThirtySecondsCostsAPromotionAndATailEachTime() {
        double idleW = 0.043 * 0.594 / 1.28;
        double tailJ = 0.1 * 1.2 + 0.02 * (0.002 * 1.68 + 0.018 * 1.06) / 0.02 + 10 * (0.002 * 1.68 + 0.038 * 1.06) / 0.04;
        double perPollJ = 0.26 * 1.21 + tailJ + (30 - 10.38) * idleW;

        double theory = RadioTheory.energyJPerHour(RadioModel.load("lte"), "short-poll",
                RunOptions.parse("--poll-interval", "30s").workload(), 1);

        assertEquals(120 * perPollJ, theory, 1e-6);
        assertEquals(1411.026, theory, 0.001);
    }

    @Test
    void longPollAnswersAtEachMessageOrAtTheWait() {
        List<Transfer> silent = RadioTheory.wakeUps("long-poll", 0, 1, 30, 100, 1);
        assertEquals(List.of(30.0, 60.0, 90.0), silent.stream().map(Transfer::atS).toList());

        List<Transfer> busy = RadioTheory.wakeUps("websocket", 0.5, 1, 30, 10_000, 1);
        // a Poisson count of mean 5,000: within 5 standard deviations (about 71 each)
        assertTrue(Math.abs(busy.size() - 5_000) < 355, "messages " + busy.size());
        for (int i = 1; i < busy.size(); i++) {
            assertTrue(busy.get(i).atS() > busy.get(i - 1).atS());
        }
    }
}
