package deliverybench.radio;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two models on timelines worked out by hand from the data files' numbers (docs/battery.md). */
class RadioModelTest {

    private static final double EPS = 1e-9;
    private static final RadioModel LTE = RadioModel.load("lte");
    private static final RadioModel UMTS = RadioModel.load("3g");

    // lte.json by hand: idle wakes 0.043 s at 0.594 W every 1.28 s; short DRX wakes 0.002 s at 1.68 W every 0.02 s,
    // else 1.06 W; long DRX the same every 0.04 s.
    private static final double IDLE_W = 0.043 * 0.594 / 1.28;
    private static final double PROMOTION_J = 0.26 * 1.21;
    private static final double CONNECTED_J = 0.1 * 1.2;
    private static final double SHORT_DRX_W = (0.002 * 1.68 + 0.018 * 1.06) / 0.02;
    private static final double LONG_DRX_W = (0.002 * 1.68 + 0.038 * 1.06) / 0.04;
    private static final double TAIL_J = CONNECTED_J + 0.02 * SHORT_DRX_W + 10 * LONG_DRX_W;
    private static final double DOWN_100B_J = 51.97 / 1000 * 800 / 1e6;

    private static Transfer down(double atS, long bytes) {
        return new Transfer(atS, false, bytes);
    }

    private static Transfer up(double atS, long bytes) {
        return new Transfer(atS, true, bytes);
    }

    @Test
    void ltePacketAloneCostsOnePromotionAndOneTail() {
        RadioUsage usage = LTE.usage(List.of(down(1.0, 100)), 0, 20);

        // idle [0,1], promotion [1,1.26], tail [1.26,11.38], idle [11.38,20]
        assertEquals(IDLE_W * 1.0 + PROMOTION_J + TAIL_J + IDLE_W * 8.62 + DOWN_100B_J, usage.energyJ(), EPS);
        assertEquals(0.26 + 10.12, usage.radioOnS(), EPS);
        assertEquals(1, usage.promotions());
        assertEquals(100, usage.bytes());
        assertEquals(10.12, LTE.tailS(), EPS);
    }

    @Test
    void lteSecondPacketInsideTheTailRestartsItWithoutAPromotion() {
        RadioUsage usage = LTE.usage(List.of(down(1.0, 100), down(6.0, 100)), 0, 30);

        // the first tail runs [1.26,6]: connected 0.1, short 0.02, long 4.62 s; then a whole tail from 6
        double firstTail = CONNECTED_J + 0.02 * SHORT_DRX_W + 4.62 * LONG_DRX_W;
        assertEquals(IDLE_W * 1.0 + PROMOTION_J + firstTail + TAIL_J + IDLE_W * (30 - 16.12) + 2 * DOWN_100B_J,
                usage.energyJ(), EPS);
        assertEquals(16.12 - 1.0, usage.radioOnS(), EPS);
        assertEquals(1, usage.promotions());
    }

    @Test
    void ltePacketDuringThePromotionWaitsForIt() {
        RadioUsage alone = LTE.usage(List.of(down(1.0, 100)), 0, 20);
        RadioUsage both = LTE.usage(List.of(down(1.0, 100), down(1.1, 100)), 0, 20);

        assertEquals(alone.energyJ() + DOWN_100B_J, both.energyJ(), EPS);
        assertEquals(alone.radioOnS(), both.radioOnS(), EPS);
        assertEquals(1, both.promotions());
    }

    @Test
    void ltePacketsFartherApartThanTheTailPromoteTwice() {
        RadioUsage usage = LTE.usage(List.of(up(1.0, 1000), down(12.0, 100)), 0, 30);

        double upJ = 438.39 / 1000 * 8000 / 1e6;
        assertEquals(2, usage.promotions());
        assertEquals(2 * 10.38, usage.radioOnS(), EPS);
        assertEquals(IDLE_W * (30 - 2 * 10.38) + 2 * (PROMOTION_J + TAIL_J) + upJ + DOWN_100B_J, usage.energyJ(), EPS);
    }

    @Test
    void lteWindowCountsOnlyWhatFallsInsideIt() {
        // a packet before the window leaves its tail running into it: no promotion, the rest of the tail counts
        RadioUsage usage = LTE.usage(List.of(down(1.0, 100)), 5, 15);

        assertEquals(0, usage.promotions());
        assertEquals(0, usage.bytes());
        assertEquals(11.38 - 5, usage.radioOnS(), EPS);
        assertEquals(6.38 * LONG_DRX_W + 3.62 * IDLE_W, usage.energyJ(), EPS);
    }

    @Test
    void umtsPacketAloneDemotesDchToFachToIdle() {
        RadioUsage usage = UMTS.usage(List.of(up(1.0, 1000)), 0, 30);

        // promotion [1,3] at 0.65 W, DCH [3,7] at 1.30 W, FACH [7,17] at 0.30 W, idle at 0 W
        assertEquals(2 * 0.65 + 4 * 1.30 + 10 * 0.30, usage.energyJ(), EPS);
        assertEquals(16, usage.radioOnS(), EPS);
        assertEquals(1, usage.promotions());
    }

    @Test
    void umtsSmallPacketInFachStaysInFach() {
        RadioUsage usage = UMTS.usage(List.of(up(1.0, 1000), down(10.0, 100)), 0, 30);

        // 100 B is under the 475 B downlink threshold: FACH's timer restarts at 10, FACH [7,20]
        assertEquals(2 * 0.65 + 4 * 1.30 + 13 * 0.30, usage.energyJ(), EPS);
        assertEquals(19, usage.radioOnS(), EPS);
        assertEquals(1, usage.promotions());
    }

    @Test
    void umtsLargePacketInFachIsPromotedToDch() {
        RadioUsage usage = UMTS.usage(List.of(up(1.0, 1000), up(10.0, 1000)), 0, 30);

        // FACH [7,10], FACH->DCH [10,11.5] at 0.80 W, DCH [11.5,15.5], FACH [15.5,25.5]
        assertEquals(2 * 0.65 + 4 * 1.30 + 3 * 0.30 + 1.5 * 0.80 + 4 * 1.30 + 10 * 0.30, usage.energyJ(), EPS);
        assertEquals(24.5, usage.radioOnS(), EPS);
        assertEquals(2, usage.promotions());
    }

    @Test
    void perHourFiguresScaleTheWindow() {
        RadioUsage usage = new RadioUsage(10, 60, 3, 1000, 360);

        assertEquals(100, usage.energyJPerHour(), EPS);
        assertEquals(600, usage.radioOnSPerHour(), EPS);
        assertEquals(30, usage.promotionsPerHour(), EPS);
        assertEquals(10_000, usage.bytesPerHour(), EPS);
        // 100 J/h x 24 h of 54,000 J
        assertEquals(100.0 * 24 / 54_000 * 100, usage.batteryPercentPerDay(), EPS);
    }

    @Test
    void unknownModelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RadioModel.load("wifi"));
        assertTrue(LTE.describe().contains("Huang"));
        assertTrue(UMTS.describe().contains("Qian"));
    }

    @Test
    void theStateAtAMomentFollowsTheWalk() {
        List<Transfer> one = List.of(down(1.0, 100));
        assertEquals("idle", LTE.stateAt(one, 0.5));
        assertEquals("promotion", LTE.stateAt(one, 1.1));
        assertEquals("connected", LTE.stateAt(one, 1.3));
        assertEquals("tail", LTE.stateAt(one, 5));
        assertEquals("idle", LTE.stateAt(one, 11.5));
        assertEquals("idle", LTE.stateAt(List.of(), 3));

        // 3G: promotion [1,3], DCH to 7, FACH to 17, idle after
        assertEquals("promotion", UMTS.stateAt(one, 2));
        assertEquals("connected", UMTS.stateAt(one, 6));
        assertEquals("tail", UMTS.stateAt(one, 10));
        assertEquals("idle", UMTS.stateAt(one, 17.5));
    }
}
