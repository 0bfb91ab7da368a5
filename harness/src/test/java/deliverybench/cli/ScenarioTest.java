package deliverybench.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Every scenario names options {@code run} has; {@code connections} is the 10,000-connection guard the A/B gate runs. */
class ScenarioTest {

    private static final CommandSpec RUN = Main.commandLine().getSubcommands().get("run").getCommandSpec();

    @Test
    void everyScenarioOptionIsARunOption() {
        for (Scenario scenario : Scenario.values()) {
            for (String name : scenario.options().keySet()) {
                OptionSpec option = RUN.findOption(name);
                assertNotNull(option, scenario + " names " + name + ", which run does not have");
            }
        }
    }

    @Test
    void connectionsIsTheTenThousandConnectionWorkload() {
        Map<String, String> options = Scenario.valueOf("CONNECTIONS").options();
        assertEquals("websocket,tcp", options.get("--strategy"));
        assertEquals("10000", options.get("--clients"));
        assertEquals("1000", options.get("--rate"));
    }
}
