package deliverybench.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/options.md is what the annotations generate: an option changed in the code and not in the docs fails here. */
class OptionsReferenceTest {

    /** The committed reference, from the harness module (where the tests run). */
    private static final Path COMMITTED = Path.of("..").resolve(OptionsReference.FILE);

    @Test
    void theCommittedReferenceIsWhatTheCodeGenerates() throws Exception {
        String generated = OptionsReference.markdown();
        if (Boolean.getBoolean("options.update")) {
            Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        assertEquals(committed, generated, "docs/options.md differs from the options in the code; regenerate it with "
                + "mvn -B -o -q -pl harness -am test -Dtest=OptionsReferenceTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Doptions.update=true");
    }

    @Test
    void everyRunOptionIsInItsGroup() {
        String reference = OptionsReference.markdown();
        for (String group : new String[] {"workload", "sending", "window", "chaos", "capacity", "cluster", "target", "output"}) {
            assertTrue(reference.contains("### run: " + group + "\n"), "no group " + group);
        }
        assertTrue(reference.contains("| `--sender-pipeline <senderPipeline>` | `64` |"), reference);
        assertTrue(reference.contains("| `--poll-interval <pollInterval>` | `1s` |"), reference);
    }
}
