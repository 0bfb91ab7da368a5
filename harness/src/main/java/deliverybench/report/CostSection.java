package deliverybench.report;

import deliverybench.cost.Costs;
import deliverybench.results.CostModel;
import deliverybench.results.CostPoint;
import deliverybench.results.StrategyResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's cost model ({@code run --cost-model}): each strategy's fitted idle and marginal cost with its R² and
 * theory's idle cost beside it, where it crosses WebSocket's, every point with its residual, and what was left out.
 */
final class CostSection {

    private static final String AGAINST = "websocket";

    private CostSection() {
    }

    /** The strategies of a run that have a cost model, in the run's order. */
    static Map<String, CostModel> models(List<StrategyResult> results) {
        Map<String, CostModel> models = new LinkedHashMap<>();
        results.stream().filter(r -> r.costModel() != null).forEach(r -> models.put(r.strategy(), r.costModel()));
        return models;
    }

    /** " ± e" of a coefficient shown per 1,000 clients or in us; empty when not known. */
    private static String plusMinus(Double standardError) {
        if (standardError == null || !Double.isFinite(standardError)) {
            return "";
        }
        // Exact points leave rounding dust (1e-15), not an error worth digits.
        return " &plusmn; " + (standardError * 1000 < 1e-6 ? "0" : f(standardError * 1000));
    }

    /** The fits and theory, one row per strategy. */
    static String fits(Map<String, CostModel> models) {
        CostModel reference = models.get(AGAINST);
        StringBuilder out = new StringBuilder("<p>Each strategy measured at every point of the grid, each point a "
                + "steady-state window, and fitted: cost per second = idle &times; clients + marginal &times; msg/s + "
                + "constant. Points where the server, the driver or the shared cores were saturated are left out of the "
                + "fit (they measure the limit, not the cost). &plusmn; is one standard error of the coefficient; an idle "
                + "cost within two of zero is not told apart from none on this grid.</p><table><tr><th>strategy</th><th>idle CPU ms/s per "
                + "1,000 clients</th><th>theory</th><th>marginal CPU &micro;s per message</th><th>constant ms/s</th>"
                + "<th>R&sup2;</th><th>points kept</th><th>idle: parts equal at msg/s per client</th><th>costs as much as "
                + AGAINST + " at msg/s per client</th><th>wire: idle B/s per client, B per message, R&sup2;</th>"
                + "<th>requests: idle per client per s (theory), per message</th></tr>");
        models.forEach((strategy, model) -> {
            CostModel.Fitted cpu = model.cpu();
            CostModel.Fitted wire = model.fits().get(CostModel.WIRE);
            CostModel.Fitted requests = model.fits().get(CostModel.REQUESTS);
            long kept = model.points().stream().filter(CostPoint::kept).count();
            CostModel.Theory theory = model.theory();
            boolean ok = cpu != null && cpu.ok();
            out.append("<tr").append(ok ? "" : " class=flag").append("><td>").append(HtmlReport.esc(strategy))
                    .append("</td><td>");
            if (ok) {
                out.append(f(cpu.idlePerClient() * 1000)).append(plusMinus(cpu.idleStdError()))
                        .append(cpu.idleStdError() != null && !cpu.idleResolved() ? " (not told apart from 0)" : "")
                        .append("</td><td>")
                        .append(theory == null ? "-" : f(theory.idleCpuMsPerClientPerS() * 1000)).append("</td><td>")
                        .append(f(cpu.marginalPerMessage() * 1000)).append(plusMinus(cpu.marginalStdError()))
                        .append("</td><td>").append(f(cpu.constant()))
                        .append("</td><td>").append(String.format(Locale.ROOT, "%.3f", cpu.rSquared())).append("</td><td>");
            } else {
                out.append("no fit: ").append(HtmlReport.esc(cpu == null ? "no CPU measured" : cpu.error()))
                        .append("</td><td></td><td></td><td></td><td></td><td>");
            }
            out.append(kept).append(" of ").append(model.points().size()).append("</td><td>")
                    .append(ok && cpu.crossoverMsgPerClientPerS() != null ? f(cpu.crossoverMsgPerClientPerS()) : "-")
                    .append("</td><td>").append(reference == null || strategy.equals(AGAINST) ? "-"
                            : crossover(Costs.crossover(cpu, reference.cpu()))).append("</td><td>")
                    .append(wire != null && wire.ok() ? f(wire.idlePerClient()) + ", " + f(wire.marginalPerMessage())
                            + ", " + String.format(Locale.ROOT, "%.3f", wire.rSquared()) : "-").append("</td><td>")
                    .append(requests != null && requests.ok() ? String.format(Locale.ROOT, "%.4f", requests.idlePerClient())
                            + " (" + (theory == null ? "-" : String.format(Locale.ROOT, "%.4f", theory.idleRequestsPerClientPerS()))
                            + "), " + f(requests.marginalPerMessage()) : "-").append("</td></tr>");
        });
        out.append("</table><ul>");
        models.forEach((strategy, model) -> {
            if (model.theory() != null) {
                out.append("<li><b>").append(HtmlReport.esc(strategy)).append("</b> theory: ")
                        .append(HtmlReport.esc(model.theory().basis())).append("</li>");
            }
        });
        return out.append("</ul>").toString();
    }

    /** Every point measured: its load, its costs, the CPU fit's residual, and whether it was kept. */
    static String points(Map<String, CostModel> models) {
        StringBuilder out = new StringBuilder("<table><tr><th>strategy</th><th>clients</th><th>asked msg/s</th>"
                + "<th>delivered/s</th><th>CPU ms/s</th><th>CPU residual ms/s</th><th>wire B/s</th><th>requests/s</th>"
                + "<th>limited by</th><th>in the fit</th></tr>");
        models.forEach((strategy, model) -> {
            CostModel.Fitted cpu = model.cpu();
            int keptIndex = 0;
            for (CostPoint p : model.points()) {
                String residual = "-";
                if (p.kept()) {
                    if (cpu != null && cpu.ok() && keptIndex < cpu.residuals().size()) {
                        residual = f(cpu.residuals().get(keptIndex));
                    }
                    keptIndex++;
                }
                out.append("<tr").append(p.kept() ? "" : " class=flag").append("><td>").append(HtmlReport.esc(strategy))
                        .append("</td><td>").append(p.clients()).append("</td><td>").append(f(p.askedRate()))
                        .append("</td><td>").append(f(p.deliveredPerSecond())).append("</td><td>").append(f(p.cpuMsPerS()))
                        .append("</td><td>").append(residual).append("</td><td>").append(f(p.wireBytesPerS()))
                        .append("</td><td>").append(f(p.requestsPerS())).append("</td><td>")
                        .append(HtmlReport.esc(String.valueOf(p.limit()))).append("</td><td>")
                        .append(p.kept() ? "yes" : "no").append(p.reason().isEmpty() ? "" : ": " + HtmlReport.esc(p.reason()))
                        .append("</td></tr>");
            }
        });
        return out.append("</table>").toString();
    }

    private static String crossover(double rate) {
        if (Double.isNaN(rate)) {
            return "-";
        }
        return rate < 0 ? "none (one is cheaper at every rate)" : f(rate);
    }

    private static String f(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }
}
