package deliverybench.cli;

import deliverybench.cost.Costs;
import deliverybench.results.CostModel;
import deliverybench.results.CostPoint;
import deliverybench.results.StrategyResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The lines after a cost-model run's table: each strategy's fitted idle and marginal CPU, and where it crosses WebSocket's. */
final class CostSummary {

    /** The push the others are compared with: the article's long connection. */
    static final String AGAINST = "websocket";

    private CostSummary() {
    }

    static List<String> lines(List<StrategyResult> results) {
        List<String> lines = new ArrayList<>();
        StrategyResult reference = results.stream().filter(r -> r.strategy().equals(AGAINST) && r.costModel() != null)
                .findFirst().orElse(null);
        for (StrategyResult result : results) {
            CostModel model = result.costModel();
            if (model == null) {
                continue;
            }
            if (lines.isEmpty()) {
                lines.add("");
                lines.add("cost model (server CPU on the request path = idle x clients + marginal x msg/s + constant):");
            }
            long kept = model.points().stream().filter(CostPoint::kept).count();
            CostModel.Fitted cpu = model.cpu();
            if (cpu == null || !cpu.ok()) {
                lines.add(String.format(Locale.ROOT, "%-14s no fit (%d of %d points kept): %s", result.strategy(), kept,
                        model.points().size(), cpu == null ? "no CPU measured" : cpu.error()));
                continue;
            }
            String line = String.format(Locale.ROOT, "%-14s idle %7.2f%s ms/s per 1,000 clients (theory %s), marginal %6.1f%s us "
                            + "per message, constant %6.1f ms/s, R^2 %.3f, %d of %d points kept", result.strategy(),
                    cpu.idlePerClient() * 1000, error(cpu.idleStdError()), theory(model.theory()),
                    cpu.marginalPerMessage() * 1000, error(cpu.marginalStdError()), cpu.constant(), cpu.rSquared(), kept,
                    model.points().size());
            if (cpu.idleStdError() != null && !cpu.idleResolved()) {
                line += "; idle not told apart from 0 (within 2 standard errors)";
            }
            if (reference != null && reference != result) {
                line += "; against " + AGAINST + ": " + rate(Costs.crossover(cpu, reference.costModel().cpu()));
            }
            lines.add(line);
        }
        return lines;
    }

    /** " ± e" of a coefficient per client or per message, shown per 1,000 clients or in us; empty when not known. */
    static String error(Double standardError) {
        return standardError == null || !Double.isFinite(standardError) ? ""
                : String.format(Locale.ROOT, " ± %.2f", Math.abs(standardError * 1000) < 1e-6 ? 0 : standardError * 1000);
    }

    private static String theory(CostModel.Theory theory) {
        return theory == null || Double.isNaN(theory.idleCpuMsPerClientPerS()) ? "-"
                : String.format(Locale.ROOT, "%.2f", theory.idleCpuMsPerClientPerS() * 1000);
    }

    /** A crossover in words: a rate, or why there is none. */
    static String rate(double crossover) {
        if (Double.isNaN(crossover)) {
            return "no crossover (equal per-message cost, or no fit)";
        }
        return crossover < 0 ? "no crossover (one is cheaper at every rate)"
                : String.format(Locale.ROOT, "the same cost at %.3g msg/s per client", crossover);
    }
}
