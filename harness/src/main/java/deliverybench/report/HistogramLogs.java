package deliverybench.report;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a run's HdrHistogram interval logs ({@code <strategy>.hlog}): summed, and the corrected p99 per interval. */
final class HistogramLogs {

    private HistogramLogs() {
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
            } else if ("send_delay".equals(histogram.getTag())) {
                continue;
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
