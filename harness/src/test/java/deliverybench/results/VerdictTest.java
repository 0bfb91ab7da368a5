package deliverybench.results;

import deliverybench.metric.Metric;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The delivery grade follows from what was observed: loss first, then duplicates, then order. */
class VerdictTest {

    @ParameterizedTest(name = "lost {0}, duplicates {1}, out of order {2}: {3}")
    @CsvSource({
            "0, 0, 0, exactly-once in order",
            "0, 0, 3, exactly-once out of order",
            "0, 2, 0, at-least-once",
            "0, 2, 3, at-least-once",
            "1, 0, 0, at-most-once",
            "1, 5, 5, at-most-once"})
    void gradeFromObservation(double lost, double duplicates, double outOfOrder, String verdict) {
        StrategyResult result = StrategyResult.of("x", Map.of(Metric.LOST.key(), lost, Metric.DUPLICATES.key(), duplicates,
                Metric.OUT_OF_ORDER.key(), outOfOrder));
        assertEquals(verdict, result.verdict());
    }
}
