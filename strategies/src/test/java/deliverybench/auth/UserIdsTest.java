package deliverybench.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserIdsTest {

    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Test
    void theContractsExamplesAndEdges() {
        for (String valid : List.of("bob", "a", "A-Z_0-9", "x".repeat(64))) {
            assertTrue(UserIds.isValid(valid), valid);
        }
        for (String invalid : List.of("", "x".repeat(65), "a b", "bob\n", "é", "١", "a.b", "a/b")) {
            assertFalse(UserIds.isValid(invalid), invalid);
        }
        assertFalse(UserIds.isValid(null));
    }

    /** The loop agrees with the contract's regular expression on random strings over a mixed alphabet. */
    @Test
    void agreesWithTheRegularExpression() {
        String alphabet = "aZ09_-. /\u00e9\u0661\u4f60\n";
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(70);
            for (int j = 0; j < length; j++) {
                id.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : 'k');
            }
            assertEquals(RULE.matcher(id).matches(), UserIds.isValid(id.toString()), id.toString());
        }
    }
}
