package deliverybench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An A/B gate's page: its table as text, then one chart per tested metric of the values round by round. */
public final class AbPage {

    /** One strategy's values on one side: x the round numbers, y the values. */
    public record Series(String strategy, String side, double[] rounds, double[] values) {
    }

    private AbPage() {
    }

    /** Writes {@code ab.html} into the folder and returns its path. */
    public static Path write(Path dir, String title, String table, Map<String, List<Series>> chartsByMetric)
            throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(HtmlReport.esc(title)).append("</title><style>body{font-family:sans-serif;margin:2em}"
                        + "pre{font-size:12px}</style></head><body>\n<h1>").append(HtmlReport.esc(title)).append("</h1>\n")
                .append("<pre>").append(HtmlReport.esc(table)).append("</pre>\n");
        for (Map.Entry<String, List<Series>> chart : chartsByMetric.entrySet()) {
            html.append("<h2>").append(HtmlReport.esc(chart.getKey())).append(" by round</h2>\n<img alt=\"")
                    .append(HtmlReport.esc(chart.getKey())).append("\" src=\"")
                    .append(Charts.rounds(chart.getKey() + " (A solid, B dashed)", chart.getKey(), chart.getValue()))
                    .append("\">\n");
        }
        html.append("</body></html>\n");
        Path file = dir.resolve("ab.html");
        Files.writeString(file, html.toString());
        return file;
    }
}
