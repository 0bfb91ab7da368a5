package deliverybench.options;

import picocli.CommandLine.Option;

import java.util.List;

/**
 * How {@code run --cost-model} sweeps: the connected clients and the message rates of its grid, each point a whole
 * strategy run on one server per strategy, fitted to idle cost per client plus marginal cost per message.
 */
public final class CostModelOptions extends Group {

    /** The most points a grid may have: each is a whole run of --duration with its warm-up and drain. */
    public static final int MAX_POINTS = 25;

    @Option(names = "--cost-model", description = "Measure each strategy on the grid --cost-clients x --cost-rates "
            + "(each point a run of --duration after its warm-up, on one server per strategy) and fit server CPU, "
            + "wire bytes and requests per second = idle x clients + marginal x msg/s + constant; points where the "
            + "server, the driver or the shared cores were saturated are left out of the fit.")
    boolean costModel;

    @Option(names = "--cost-clients", split = ",", defaultValue = "200,2000",
            description = "--cost-model's connected clients, at least two different counts (default: ${DEFAULT-VALUE}).")
    List<Integer> costClients;

    @Option(names = "--cost-rates", split = ",", defaultValue = "50,500,2000",
            description = "--cost-model's message rates in msg/s, at least two different ones (default: ${DEFAULT-VALUE}).")
    List<Double> costRates;

    void validate() {
        require(costClients.stream().allMatch(c -> c != null && c >= 1), "--cost-clients must all be at least 1, was "
                + costClients);
        require(costRates.stream().allMatch(r -> r != null && r > 0), "--cost-rates must all be positive, was " + costRates);
        if (!costModel) {
            return;
        }
        require(costClients.stream().distinct().count() >= 2, "--cost-model needs at least two different --cost-clients "
                + "(else idle and marginal cost cannot be told apart), was " + costClients);
        require(costRates.stream().distinct().count() >= 2, "--cost-model needs at least two different --cost-rates "
                + "(else idle and marginal cost cannot be told apart), was " + costRates);
        long points = costClients.stream().distinct().count() * costRates.stream().distinct().count();
        require(points <= MAX_POINTS, "--cost-model's grid has " + points + " points; at most " + MAX_POINTS
                + " (each is a whole run)");
    }

    /** True when the run sweeps the grid instead of measuring at --clients and --rate. */
    public boolean enabled() { return costModel; }

    /** The clients of the grid, each once, smallest first. */
    public List<Integer> clients() { return costClients.stream().distinct().sorted().toList(); }

    /** The message rates of the grid, each once, slowest first. */
    public List<Double> rates() { return costRates.stream().distinct().sorted().toList(); }
}
