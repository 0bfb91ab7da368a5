package deliverybench.measure;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver's stage breakdown: what it writes, in microseconds, and what it refuses. */
class DriverStagesTest {

    @Test
    void writesEachTimedStageInMicrosecondsAndLeavesOutTheUntimed(@TempDir Path dir) throws IOException {
        Histogram lag = new Histogram(3);
        for (int i = 1; i <= 100; i++) {
            lag.recordValue(i * 1_000L);
        }
        DriverStages stages = new DriverStages().put("pacer_lag", lag).put("sender_handoff", null);
        String json = Files.readString(stages.write(dir, "websocket"));
        assertTrue(json.contains("\"pacer_lag\": {\"count\": 100, \"p50\": 50.0, \"p99\": 99.0"), json);
        assertFalse(json.contains("sender_handoff"), json);
        assertTrue(stages.table("websocket").lines().anyMatch(l -> l.startsWith("pacer_lag") && l.contains("99.0")));
    }

    @Test
    void aStageWithNothingInItShowsNoPercentilesRatherThanZeroes() {
        // A window without a collection: gc_pause has no samples, which a 0.0 would misread as 0 us pauses.
        DriverStages stages = new DriverStages().put("gc_pause", new Histogram(3));
        assertTrue(stages.json("x").contains("\"gc_pause\": {\"count\": 0, \"p50\": null"), stages.json("x"));
        assertTrue(stages.table("x").lines().anyMatch(l -> l.matches("gc_pause +0 +- +- +- +-")), stages.table("x"));
    }

    @Test
    void hearsTheDriversOwnGcPausesWhileListening() {
        DriverStages stages = new DriverStages();
        stages.listenToGc();
        System.gc();
        stages.close();
        assertTrue(stages.json("x").contains("\"gc_pause\": {\"count\": "), stages.json("x"));
    }

    @Test
    void refusesAStageItDoesNotDefine() {
        assertThrows(IllegalArgumentException.class, () -> new DriverStages().put("pacer_lagg", new Histogram(3)));
        assertEquals(7, DriverStages.MEANING.size());
    }
}
