package deliverybench.radio;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** radio/&lt;strategy&gt;.csv.gz: every sampled device's timeline, so anyone can recompute with their own model. */
public final class RadioCsv {

    public static final String HEADER = "device,t_ms,direction,bytes";

    private RadioCsv() {
    }

    /** Writes the timelines, then a comment line with the measured window on the same clock; returns the file. */
    public static Path write(Path runDir, String label, RadioRecorder recorder, double windowFromS, double windowToS)
            throws IOException {
        Path dir = Files.createDirectories(runDir.resolve("radio"));
        Path file = dir.resolve(label + ".csv.gz");
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8))) {
            out.write(String.format(Locale.ROOT, "# window_ms=%d..%d%n", Math.round(windowFromS * 1000),
                    Math.round(windowToS * 1000)));
            out.write(HEADER);
            out.write('\n');
            for (int d = 0; d < recorder.devices(); d++) {
                for (Transfer t : recorder.transfers(d)) {
                    out.write(String.format(Locale.ROOT, "%d,%d,%s,%d%n", d, Math.round(t.atS() * 1000),
                            t.up() ? "up" : "down", t.bytes()));
                }
            }
        }
        return file;
    }
}
