package deliverybench.shard;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shards' HdrHistogram interval logs added interval by interval: the n-th interval of a tag in every shard
 * covers the same second (every shard starts its schedule at one instant and opens its window after the same fixed
 * warm-up), so their sum is that second's histogram of the whole run; the whole window is the sum of the sums.
 * Percentiles are read off the sums, never averaged.
 */
public final class ShardHistograms {

    /** The tags a strategy run logs, in the order it logs them each interval. */
    public static final List<String> TAGS = List.of("corrected", "uncorrected", "send_delay");

    private final Map<String, List<Histogram>> intervals = new LinkedHashMap<>();

    private ShardHistograms() {
        TAGS.forEach(tag -> intervals.put(tag, new ArrayList<>()));
    }

    /** Reads and adds the shards' logs; a shard without a log adds nothing. */
    public static ShardHistograms add(List<Path> logs) throws IOException {
        ShardHistograms merged = new ShardHistograms();
        for (Path log : logs) {
            if (!Files.exists(log)) {
                throw new IOException("no interval log at " + log + ": a shard's folder must hold its <strategy>.hlog");
            }
            Map<String, Integer> position = new LinkedHashMap<>();
            HistogramLogReader reader = new HistogramLogReader(log.toFile());
            EncodableHistogram read;
            while ((read = reader.nextIntervalHistogram()) != null) {
                if (read instanceof Histogram interval && merged.intervals.containsKey(interval.getTag())) {
                    int n = position.merge(interval.getTag(), 1, Integer::sum) - 1;
                    merged.addInterval(interval.getTag(), n, interval);
                }
            }
        }
        return merged;
    }

    private void addInterval(String tag, int n, Histogram interval) {
        List<Histogram> sums = intervals.get(tag);
        if (n == sums.size()) {
            Histogram sum = new Histogram(3);
            sum.setTag(tag);
            sum.setStartTimeStamp(interval.getStartTimeStamp());
            sum.setEndTimeStamp(interval.getEndTimeStamp());
            sums.add(sum);
        }
        Histogram sum = sums.get(n);
        sum.add(interval);
        sum.setStartTimeStamp(Math.min(sum.getStartTimeStamp(), interval.getStartTimeStamp()));
        sum.setEndTimeStamp(Math.max(sum.getEndTimeStamp(), interval.getEndTimeStamp()));
    }

    /** The whole run's histogram of a tag: every merged interval added. */
    public Histogram total(String tag) {
        Histogram total = new Histogram(3);
        intervals.get(tag).forEach(total::add);
        return total;
    }

    /** The merged intervals of a tag, in order. */
    public List<Histogram> intervals(String tag) {
        return List.copyOf(intervals.get(tag));
    }

    /** Writes the merged intervals as one HdrHistogram log, in the layout a strategy run writes its own. */
    public void write(Path log, String label) throws IOException {
        long baseMs = intervals.values().stream().flatMap(List::stream).mapToLong(Histogram::getStartTimeStamp)
                .min().orElse(System.currentTimeMillis());
        try (PrintStream file = new PrintStream(log.toFile(), "UTF-8")) {
            HistogramLogWriter writer = new HistogramLogWriter(file);
            writer.outputComment("deliverybench " + label + ": latency in ns; tags corrected (now - intended) "
                    + "and uncorrected (now - sent); the shards' intervals added, interval by interval");
            writer.outputLogFormatVersion();
            writer.outputStartTime(baseMs);
            writer.setBaseTime(baseMs);
            writer.outputLegend();
            int longest = intervals.values().stream().mapToInt(List::size).max().orElse(0);
            for (int n = 0; n < longest; n++) {
                for (String tag : TAGS) {
                    if (n < intervals.get(tag).size()) {
                        writer.outputIntervalHistogram(intervals.get(tag).get(n));
                    }
                }
            }
        }
    }
}
