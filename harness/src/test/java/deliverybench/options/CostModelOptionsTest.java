package deliverybench.options;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --cost-model}'s grid: each count once and sorted, and a grid that cannot split the two costs refused. */
class CostModelOptionsTest {

    @Test
    void theGridIsSortedWithEachValueOnce() {
        CostModelOptions grid = RunOptions.parse("--cost-model", "--cost-clients", "2000,200,2000", "--cost-rates", "500,50")
                .costModel();
        assertEquals(List.of(200, 2000), grid.clients());
        assertEquals(List.of(50.0, 500.0), grid.rates());
        assertEquals(1000, RunOptions.parse("--clients", "10").withClients(1000).workload().clients());
    }

    @Test
    void aGridThatCannotSplitIdleFromMarginalIsRefused() {
        assertTrue(refused("--cost-model", "--cost-clients", "200,200").contains("at least two different --cost-clients"));
        assertTrue(refused("--cost-model", "--cost-rates", "50").contains("at least two different --cost-rates"));
        assertTrue(refused("--cost-model", "--cost-rates", "50,-1").contains("must all be positive"));
        assertTrue(refused("--cost-model", "--cost-clients", "1,2,3,4,5,6", "--cost-rates", "1,2,3,4,5")
                .contains("at most 25"));
        assertTrue(refused("--cost-model", "--find-capacity").contains("pick one"));
        assertTrue(refused("--cost-model", "--fanout", "100", "--clients", "1000", "--cost-clients", "50,1000")
                .contains("--fanout 100 needs at least as many clients"));
    }

    private static String refused(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(args)).getMessage();
    }
}
