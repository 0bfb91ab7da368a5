package deliverybench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what a run left in its folder: {@code run.json} and the interval logs. */
final class RunFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {
    }

    /** Reads a run.json, from its folder or its own path. */
    static JsonNode runJson(Path runDirOrFile) throws IOException {
        Path file = Files.isDirectory(runDirOrFile) ? runDirOrFile.resolve("run.json") : runDirOrFile;
        if (!Files.exists(file)) {
            throw new FileNotFoundException("no run.json at " + file);
        }
        return JSON.readTree(file.toFile());
    }

    /** A strategy's interval log, summed: {@code [corrected, uncorrected]}, and the corrected p99 per interval. */
    record Latencies(Histogram corrected, Histogram uncorrected, List<double[]> p99BySecond) {
    }

    static Latencies latencies(Path runDir, String strategy) throws IOException {
        Histogram corrected = new Histogram(3);
        Histogram uncorrected = new Histogram(3);
        List<double[]> p99 = new ArrayList<>();
        Path log = runDir.resolve(strategy + ".hlog");
        if (!Files.exists(log)) {
            return new Latencies(corrected, uncorrected, p99);
        }
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        EncodableHistogram interval;
        double firstStartSec = Double.NaN;
        while ((interval = reader.nextIntervalHistogram()) != null) {
            if (!(interval instanceof Histogram histogram)) {
                continue;
            }
            if ("uncorrected".equals(histogram.getTag())) {
                uncorrected.add(histogram);
            } else {
                corrected.add(histogram);
                double startSec = histogram.getStartTimeStamp() / 1000.0;
                if (Double.isNaN(firstStartSec)) {
                    firstStartSec = startSec;
                }
                p99.add(new double[]{histogram.getEndTimeStamp() / 1000.0 - firstStartSec,
                        histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(99) / 1e6});
            }
        }
        return new Latencies(corrected, uncorrected, p99);
    }
}
