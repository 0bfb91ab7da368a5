package deliverybench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.cost.CostFit;
import deliverybench.cost.Costs;
import deliverybench.metric.Metric;
import deliverybench.results.CostModel;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/** {@code deliverybench cost-fit}: fits idle cost per client and marginal cost per message from runs at several loads. */
@Command(name = "cost-fit", mixinStandardHelpOptions = true,
        description = "Fits, per strategy, cost per second = idle x clients + marginal x msg/s + constant over run "
                + "folders measured at different --clients and --rate (at least two of each), for server CPU, wire "
                + "bytes and requests; prints the coefficients with R^2 and writes them as JSON.")
final class CostFitCommand implements Callable<Integer> {

    @Parameters(arity = "4..*", description = "Run folders (results/runs/<timestamp>), one per grid point.")
    List<Path> runDirs;

    @Option(names = "--out", description = "Where to write the fit as JSON (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("results", "cost-model.json");

    /** What is fitted: a name with its unit, and how to read its per-second value from a result. */
    private static final Map<String, ToDoubleFunction<StrategyResult>> COSTS = Costs.PER_SECOND;

    @Override
    public Integer call() {
        Map<String, Map<String, List<CostFit.Point>>> points = new LinkedHashMap<>();
        try {
            for (Path dir : runDirs) {
                RunResult run = ResultFiles.read(dir);
                if (run.configuration() == null) {
                    throw new IllegalArgumentException(dir + " records no options, so not how many clients it had");
                }
                int clients = run.configuration().clients();
                for (StrategyResult result : run.strategies()) {
                    double rate = result.get(Metric.DELIVERED_PER_SECOND);
                    COSTS.forEach((cost, read) -> {
                        double value = read.applyAsDouble(result);
                        if (!Double.isNaN(value) && !Double.isNaN(rate)) {
                            points.computeIfAbsent(result.strategy(), s -> new LinkedHashMap<>())
                                    .computeIfAbsent(cost, c -> new ArrayList<>()).add(new CostFit.Point(clients, rate, value));
                        }
                    });
                }
            }
            Map<String, Map<String, Object>> fits = new LinkedHashMap<>();
            points.forEach((strategy, byCost) -> {
                Map<String, Object> fitted = new LinkedHashMap<>();
                byCost.forEach((cost, list) -> fitted.put(cost, json(fit(strategy, cost, list), list)));
                fits.put(strategy, fitted);
                print(strategy, fit(strategy, CostModel.CPU, byCost.get(CostModel.CPU)));
            });
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), fits);
            System.out.println("cost model: " + out.toAbsolutePath());
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("deliverybench cost-fit: " + e.getMessage());
            return 2;
        }
    }

    private static CostFit fit(String strategy, String cost, List<CostFit.Point> list) {
        try {
            return CostFit.of(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(strategy + " " + cost + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> json(CostFit fit, List<CostFit.Point> list) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("idle_per_client", fit.idlePerClient());
        out.put("marginal_per_message", fit.marginalPerMessage());
        out.put("constant", fit.constant());
        out.put("r_squared", fit.rSquared());
        out.put("crossover_msg_per_client_per_s", fit.crossoverMessagesPerClientPerSecond());
        out.put("points", list.stream().map(p -> List.of(p.clients(), p.messagesPerSecond(), p.costPerSecond())).toList());
        out.put("points_are", List.of("clients", "messages_per_s", "cost_per_s"));
        out.put("residuals", fit.residuals());
        return out;
    }

    private static void print(String strategy, CostFit cpu) {
        System.out.printf(Locale.ROOT, "%-12s idle CPU %8.2f ms/s per 1,000 clients   marginal CPU %8.1f us per message"
                        + "   constant %7.1f ms/s   R^2 %.3f   crossover %.3g msg/s per client%n", strategy,
                cpu.idlePerClient() * 1000, cpu.marginalPerMessage() * 1000, cpu.constant(), cpu.rSquared(),
                cpu.crossoverMessagesPerClientPerSecond());
    }
}
