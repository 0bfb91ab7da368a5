package deliverybench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden files under {@code src/test/resources/golden/}. Refresh them after an intended change with
 * {@code mvn -pl harness test -Dgolden.update=true}, then review the diff before committing.
 */
final class Golden {

    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            throw new AssertionError("no golden file " + file + "; make it with -Dgolden.update=true");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from golden file " + file);
    }
}
