package deliverybench.report;

import deliverybench.metric.Metric;
import deliverybench.results.StrategyResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** report.html from a checked-in run: its structure matches the golden file, and it needs no network. */
class ReportTest {

    private static final Path FIXTURE = Path.of("src", "test", "resources", "fixture-run");

    @Test
    void structureMatchesTheGoldenFile(@TempDir Path dir) throws Exception {
        for (String file : new String[]{"run.json", "short-poll.hlog", "long-poll.hlog", "websocket.hlog", "tcp.hlog"}) {
            Files.copy(FIXTURE.resolve(file), dir.resolve(file));
        }
        String html = Files.readString(HtmlReport.write(dir));
        Golden.assertMatches("report.structure", structure(html));
        assertFalse(html.contains("http://") || html.contains("https://"), "the report must open offline");
        assertTrue(html.contains("data:image/svg+xml;base64,"));
    }

    /** Headings, chart alt texts, table labels and theory rows: what the page shows, without the drawn numbers. */
    static String structure(String html) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("<h([12])[^>]*>([^<]*)</h[12]>|<img src=\"data:image/svg\\+xml;base64,[^\"]+\" alt=\"([^\"]*)\""
                + "|<tr( class=flag)?><td>([^<]*)</td><td>([^<]*)</td>|<li>([^:<]*):").matcher(html);
        while (m.find()) {
            if (m.group(1) != null) {
                out.append("h").append(m.group(1)).append(' ').append(m.group(1).equals("1") ? "(title)" : m.group(2));
            } else if (m.group(3) != null) {
                out.append("  chart: ").append(m.group(3));
            } else if (m.group(5) != null) {
                out.append("  theory: ").append(m.group(5)).append(' ').append(m.group(6))
                        .append(m.group(4) != null ? " (flagged)" : "");
            } else {
                out.append("  glance: ").append(m.group(7));
            }
            out.append('\n');
        }
        Matcher rows = Pattern.compile("(?m)^([a-z][A-Za-z0-9 ./%()]+?)\\s{2,}").matcher(html.substring(html.indexOf("<pre>"), html.indexOf("</pre>")));
        while (rows.find()) {
            out.append("  table row: ").append(rows.group(1).trim()).append('\n');
        }
        return out.toString();
    }

    @Test
    void aRestartsLossIsSplitIntoWhatTheOldServerHeldAndWhatWasMissedAfter() {
        java.util.List<StrategyResult> results = java.util.List.of(
                StrategyResult.of("short-poll", java.util.Map.of(Metric.LOST.key(), 46.0, Metric.LOST_TO_RESTART.key(), 16.0)),
                StrategyResult.of("tcp", java.util.Map.of(Metric.LOST.key(), 0.0, Metric.LOST_TO_RESTART.key(), 0.0)));
        String note = HtmlReport.restartNote(results, 1);
        assertTrue(note.contains("<b>short-poll</b>: 16 held by the old server and gone with its inboxes; 30 missed after"), note);
        assertFalse(note.contains("tcp"), note);
        assertTrue(HtmlReport.restartNote(java.util.List.of(
                StrategyResult.of("tcp", java.util.Map.of(Metric.LOST.key(), 0.0))), 2).isEmpty());
        assertTrue(note.contains("without the epoch"), note);
    }
}
