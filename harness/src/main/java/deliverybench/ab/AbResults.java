package deliverybench.ab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import deliverybench.metric.Gate;
import deliverybench.metric.Metric;
import deliverybench.report.AbPage;
import deliverybench.results.StrategyResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A gate's folder besides its rounds: {@code rounds.csv} (every metric of every round), {@code ab.json} (the
 * settings, the order and the compared rows), {@code table.txt} and {@code ab.html} (the table and a chart per
 * tested metric, round by round).
 */
public final class AbResults {

    private AbResults() {
    }

    public static Path write(Path dir, Map<String, Object> settings, List<AbComparison.Round> rounds,
                             List<AbComparison.Row> rows, String table) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rounds.csv"), csv(rounds));
        Files.writeString(dir.resolve("table.txt"), table);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("settings", settings);
        root.put("order", rounds.stream().map(r -> AbGate.folder(r.number(), r.side())).toList());
        root.put("rows", rows.stream().map(AbResults::row).toList());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("ab.json").toFile(), root);
        return AbPage.write(dir, "deliverybench ab: " + rounds.size() + " rounds, ABBA", table, charts(rounds, rows));
    }

    static String csv(List<AbComparison.Round> rounds) {
        StringBuilder out = new StringBuilder("round,side,strategy,metric,value\n");
        for (AbComparison.Round round : rounds) {
            for (StrategyResult strategy : round.result().strategies()) {
                strategy.metrics().forEach((key, value) -> out.append(round.number()).append(',').append(round.side())
                        .append(',').append(strategy.strategy()).append(',').append(key).append(',')
                        .append(value == null ? "" : String.format(Locale.ROOT, "%s", value)).append('\n'));
            }
        }
        return out.toString();
    }

    private static Map<String, Object> row(AbComparison.Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("strategy", row.strategy());
        out.put("metric", row.metric());
        out.put("rounds_a", row.roundsA());
        out.put("rounds_b", row.roundsB());
        out.put("median_a", finite(row.medianA()));
        out.put("median_b", finite(row.medianB()));
        out.put("ratio", finite(row.interval().ratio()));
        out.put("ratio_low", finite(row.interval().low()));
        out.put("ratio_high", finite(row.interval().high()));
        out.put("p", finite(row.p()));
        out.put("p_holm", finite(row.pAdjusted()));
        out.put("min_effect", row.minEffect());
        out.put("verdict", row.verdict().name().toLowerCase(Locale.ROOT));
        out.put("note", row.note());
        return out;
    }

    /** A chart per tested metric (latency and CPU), each strategy's A and B values by round number. */
    private static Map<String, List<AbPage.Series>> charts(List<AbComparison.Round> rounds, List<AbComparison.Row> rows) {
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> strategies = new LinkedHashSet<>();
        for (AbComparison.Row row : rows) {
            if (row.kind() == Gate.Kind.CPU || row.kind() == Gate.Kind.LATENCY) {
                metrics.add(row.metric());
                strategies.add(row.strategy());
            }
        }
        Map<String, List<AbPage.Series>> charts = new LinkedHashMap<>();
        for (String key : metrics) {
            Metric metric = Metric.byKey(key).orElseThrow();
            List<AbPage.Series> series = new ArrayList<>();
            for (String strategy : strategies) {
                for (Side side : Side.values()) {
                    series.add(series(rounds, side, strategy, metric));
                }
            }
            charts.put(key, series);
        }
        return charts;
    }

    private static AbPage.Series series(List<AbComparison.Round> rounds, Side side, String strategy, Metric metric) {
        List<double[]> points = new ArrayList<>();
        for (AbComparison.Round round : rounds) {
            StrategyResult result = round.side() == side ? round.result().find(strategy) : null;
            if (result != null && Double.isFinite(result.get(metric))) {
                points.add(new double[]{round.number(), result.get(metric)});
            }
        }
        return new AbPage.Series(strategy, side.name(), points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
