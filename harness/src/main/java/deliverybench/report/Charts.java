package deliverybench.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's charts, drawn by XChart and written as SVG data URIs so that the page needs nothing else. */
final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;

    private Charts() {
    }

    /**
     * Latency by percentile on HdrHistogram's usual axis: x is {@code 1/(1-p)} on a log scale, so
     * 50%, 90%, 99%, 99.9%, 99.99% are evenly spaced. Corrected lines are solid, uncorrected dashed.
     */
    static String percentiles(Map<String, Histogram[]> byStrategy) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Latency by percentile (solid: corrected, dashed: uncorrected)")
                .xAxisTitle("percentile").yAxisTitle("latency (ms)").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        // x is log10(1/(1-p)), drawn on a linear axis: 0, 1, 2, 3, 4 are 0%, 90%, 99%, 99.9%, 99.99%,
        // the usual HdrHistogram axis. (XChart's own log axis ignores a custom tick formatter.)
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(5.0);
        chart.setCustomXAxisTickLabelsFormatter(Charts::percentileLabel);
        for (Map.Entry<String, Histogram[]> entry : byStrategy.entrySet()) {
            java.awt.Color paint = color(entry.getKey());
            addPercentileSeries(chart, entry.getKey(), entry.getValue()[0], SeriesLines.SOLID, paint);
            addPercentileSeries(chart, entry.getKey() + " (uncorrected)", entry.getValue()[1], SeriesLines.DASH_DASH, paint);
        }
        return svg(chart);
    }

    /** The corrected p99 of each one-second interval, per strategy. */
    static String overTime(Map<String, List<double[]>> p99BySecond) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Latency p99 per second (corrected)").xAxisTitle("seconds into the strategy's log")
                .yAxisTitle("latency p99 (ms)").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        for (Map.Entry<String, List<double[]>> entry : p99BySecond.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double[] point : entry.getValue()) {
                if (point[1] > 0) {
                    x.add(point[0]);
                    y.add(point[1]);
                }
            }
            if (!x.isEmpty()) {
                XYSeries series = chart.addSeries(entry.getKey(), x, y);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(color(entry.getKey()));
            }
        }
        return svg(chart);
    }

    /**
     * Latency against throughput from a capacity search: per strategy, the corrected p99 (solid) and
     * p50 (dashed) of each step against the rate the driver achieved there.
     */
    static String capacity(Map<String, List<deliverybench.results.CapacityStep>> byStrategy) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Latency against throughput (capacity search; solid p99, dashed p50)")
                .xAxisTitle("messages per second sent").yAxisTitle("latency (ms)").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(6);
        for (Map.Entry<String, List<deliverybench.results.CapacityStep>> entry : byStrategy.entrySet()) {
            List<deliverybench.results.CapacityStep> steps = new ArrayList<>(entry.getValue());
            steps.removeIf(step -> Double.isNaN(step.p99Us()) || Double.isNaN(step.achievedRate()));
            if (steps.isEmpty()) {
                continue;
            }
            steps.sort(java.util.Comparator.comparingDouble(deliverybench.results.CapacityStep::achievedRate));
            List<Double> x = steps.stream().map(deliverybench.results.CapacityStep::achievedRate).toList();
            List<Double> p99 = steps.stream().map(step -> Math.max(0.001, step.p99Us() / 1_000)).toList();
            List<Double> p50 = steps.stream().map(step -> Math.max(0.001, step.p50Us() / 1_000)).toList();
            XYSeries high = chart.addSeries(entry.getKey() + " p99", x, p99);
            high.setLineColor(color(entry.getKey()));
            high.setMarkerColor(color(entry.getKey()));
            XYSeries low = chart.addSeries(entry.getKey() + " p50", x, p50);
            low.setLineColor(color(entry.getKey()));
            low.setMarkerColor(color(entry.getKey()));
            low.setLineStyle(SeriesLines.DASH_DASH);
        }
        return svg(chart);
    }

    /**
     * One strategy's cost model: server CPU per second against messages per second, per client count the measured
     * points (circles; crosses where left out of the fit) and the fitted line through them.
     */
    static XYChart cost(String strategy, deliverybench.results.CostModel model, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(strategy + ": server CPU against message rate")
                .xAxisTitle("messages per second delivered").yAxisTitle("server CPU (ms per second)").build();
        style(chart);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(8);
        deliverybench.results.CostModel.Fitted fit = model.cpu();
        List<Integer> counts = model.points().stream().map(deliverybench.results.CostPoint::clients).distinct().sorted().toList();
        double maxRate = model.points().stream().mapToDouble(deliverybench.results.CostPoint::deliveredPerSecond)
                .filter(Double::isFinite).max().orElse(1);
        for (int i = 0; i < counts.size(); i++) {
            int clients = counts.get(i);
            java.awt.Color paint = PALETTE[i % PALETTE.length];
            List<deliverybench.results.CostPoint> at = model.points().stream()
                    .filter(p -> p.clients() == clients && Double.isFinite(p.cpuMsPerS())
                            && Double.isFinite(p.deliveredPerSecond())).toList();
            addPoints(chart, String.format(Locale.ROOT, "%,d clients", clients), at.stream()
                    .filter(deliverybench.results.CostPoint::kept).toList(), SeriesMarkers.CIRCLE, paint);
            addPoints(chart, String.format(Locale.ROOT, "%,d clients, left out", clients), at.stream()
                    .filter(p -> !p.kept()).toList(), SeriesMarkers.CROSS, paint);
            if (fit != null && fit.ok()) {
                XYSeries line = chart.addSeries(String.format(Locale.ROOT, "%,d clients, fitted", clients),
                        new double[]{0, maxRate}, new double[]{fit.idlePerClient() * clients + fit.constant(),
                                fit.idlePerClient() * clients + fit.marginalPerMessage() * maxRate + fit.constant()});
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(paint);
                line.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        return chart;
    }

    private static void addPoints(XYChart chart, String name, List<deliverybench.results.CostPoint> points,
                                  org.knowm.xchart.style.markers.Marker marker, java.awt.Color paint) {
        if (points.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, points.stream().map(deliverybench.results.CostPoint::deliveredPerSecond).toList(),
                points.stream().map(deliverybench.results.CostPoint::cpuMsPerS).toList());
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(marker);
        series.setMarkerColor(paint);
    }

    /** Every strategy's cost chart in one PNG, two panels a row: the picture for a page outside the report. */
    static void costPng(java.util.Map<String, deliverybench.results.CostModel> models, java.nio.file.Path file)
            throws IOException {
        int width = WIDTH / 2;
        int height = HEIGHT * 3 / 4;
        int columns = Math.min(2, models.size());
        int rows = (models.size() + columns - 1) / columns;
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width * columns, height * rows,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int i = 0;
        for (java.util.Map.Entry<String, deliverybench.results.CostModel> entry : models.entrySet()) {
            XYChart chart = cost(entry.getKey(), entry.getValue(), width, height);
            g.drawImage(org.knowm.xchart.BitmapEncoder.getBufferedImage(chart), (i % columns) * width, (i / columns) * height, null);
            i++;
        }
        g.dispose();
        javax.imageio.ImageIO.write(image, "png", file.toFile());
    }

    /** A chart as an SVG data URI. */
    static String svgOf(Chart<?, ?> chart) throws IOException {
        return svg(chart);
    }

    /** One bar per strategy for one metric. */
    static String bars(String title, String yTitle, List<String> strategies, List<Double> values) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH / 2).height(HEIGHT * 3 / 4).title(title)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setDecimalPattern("#,##0.##");
        chart.getStyler().setYAxisMin(0.0);
        slant(chart, strategies.size());
        List<Double> clean = values.stream().map(v -> v == null || v.isNaN() ? 0.0 : v).toList();
        chart.addSeries(title, strategies, clean);
        return svg(chart);
    }

    /**
     * Past four strategies, names like "short-poll" and "long-poll-naive" side by side in 450 px run into each other
     * even at 30 degrees (seen at eight): slant them 45. Past six, a value like "1,595.94" is wider than its bar, and
     * upright it is cut off in a short bar (both seen at eight): leave the values to the table above.
     */
    static void slant(CategoryChart chart, int strategies) {
        if (strategies > 4) {
            chart.getStyler().setXAxisLabelRotation(45);
        }
        chart.getStyler().setLabelsVisible(strategies <= 6);
    }

    /**
     * One metric's value round by round in an A/B gate: per strategy, A's rounds as filled circles joined by a
     * solid line and B's as diamonds joined by a dashed one, in the strategy's colour.
     */
    static String rounds(String title, String yTitle, List<AbPage.Series> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("round")
                .yAxisTitle(yTitle).build();
        style(chart);
        chart.getStyler().setMarkerSize(7);
        for (AbPage.Series one : series) {
            if (one.rounds().length == 0) {
                continue;
            }
            XYSeries line = chart.addSeries(one.strategy() + " " + one.side(), one.rounds(), one.values());
            boolean b = one.side().equals("B");
            line.setMarker(b ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            line.setLineStyle(b ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
            line.setLineColor(color(one.strategy()));
            line.setMarkerColor(color(one.strategy()));
        }
        return svg(chart);
    }

    // Ten distinct colours (matplotlib's tab10); a strategy keeps its colour from run to run: its place in the registry.
    private static final java.awt.Color[] PALETTE = {new java.awt.Color(0x1f77b4), new java.awt.Color(0xff7f0e),
            new java.awt.Color(0x2ca02c), new java.awt.Color(0xd62728), new java.awt.Color(0x9467bd),
            new java.awt.Color(0x8c564b), new java.awt.Color(0xe377c2), new java.awt.Color(0x7f7f7f),
            new java.awt.Color(0xbcbd22), new java.awt.Color(0x17becf)};

    /** The colour of a strategy in every chart; grey for one this build does not know. */
    static java.awt.Color color(String strategy) {
        int index = deliverybench.strategy.Strategies.names().indexOf(HtmlReport.strategyOf(strategy));
        return index < 0 ? java.awt.Color.GRAY : PALETTE[index % PALETTE.length];
    }

    private static void addPercentileSeries(XYChart chart, String name, Histogram histogram, java.awt.BasicStroke line,
                                            java.awt.Color color) {
        if (histogram.getTotalCount() == 0) {
            return;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (HistogramIterationValue value : histogram.percentiles(5)) {
            double percentile = value.getPercentileLevelIteratedTo();
            if (percentile >= 99.999) {
                break;
            }
            x.add(Math.log10(1.0 / (1.0 - percentile / 100.0)));
            y.add(Math.max(0.001, value.getValueIteratedTo() / 1e6));
        }
        if (x.size() < 2) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(line);
        series.setLineColor(color);
    }

    /**
     * The label of a tick at {@code x = log10(1/(1-p))}: 0%, 90%, 99%, 99.9%... at whole decades.
     * Every tick gets a distinct label: XChart keeps re-spacing ticks until their labels differ.
     */
    static String percentileLabel(double x) {
        double percentile = 100.0 * (1.0 - Math.pow(10, -x));
        int decimals = (int) Math.max(0, Math.min(6, Math.floor(x + 1e-9)));
        String text = String.format(Locale.ROOT, "%." + decimals + "f", percentile);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text + "%";
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setMarkerSize(0);
    }

    private static String svg(Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        // A data URI keeps each SVG's ids to itself, which inlining several would not.
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
