package deliverybench.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger calls = new AtomicInteger();
        Await.until(() -> calls.incrementAndGet() >= 3, Duration.ofSeconds(5), "three calls");
        assertEquals(3, calls.get());
    }

    @Test
    void failsWithTheMessageAndTheLastValueAtTheDeadline() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> Await.untilEquals(1, () -> 2, Duration.ofMillis(50), "open connections"));
        assertTrue(error.getMessage().contains("open connections: expected 1, last 2"), error.getMessage());
    }

    @Test
    void aProbeThatThrowsFailsTheWaitWithItsCause() {
        AssertionError error = assertThrows(AssertionError.class, () -> Await.untilProbe(() -> {
            throw new java.io.IOException("refused");
        }, Duration.ofSeconds(5), "connect"));
        assertTrue(error.getMessage().startsWith("connect: java.io.IOException: refused"), error.getMessage());
    }
}
