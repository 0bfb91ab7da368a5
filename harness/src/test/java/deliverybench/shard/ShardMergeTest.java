package deliverybench.shard;

import deliverybench.metric.Metric;
import deliverybench.options.RunOptions;
import deliverybench.results.RecordedOptions;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The merge on synthetic shard folders: totals are the shards' sums, percentiles those of the union of the values. */
class ShardMergeTest {

    private static final long T0_MS = 1_780_000_000_000L;
    private static final int SECONDS = 5;

    /** One synthetic shard: its metrics and the latencies (ns) it recorded, second by second. */
    private record Synthetic(Map<Metric, Double> metrics, List<long[]> seconds) {
    }

    @Test
    void mergedCountsAreTheSumsAndMergedPercentilesThoseOfTheUnion(@TempDir Path dir) throws Exception {
        // Three shards of unlike sizes and tails: averaging their p99s would be far from the union's p99.
        List<Synthetic> shards = List.of(
                synthetic(1, 900, 200_000, 0, 0, 3),
                synthetic(2, 300, 4_000_000, 2, 0, 0),
                synthetic(3, 60, 900_000, 0, 5, 1));
        List<Path> dirs = new ArrayList<>();
        for (int i = shards.size() - 1; i >= 0; i--) {
            dirs.add(write(dir.resolve("shard-" + i), new Shard(i, shards.size()), shards.get(i)));
        }
        Path runDir = dir.resolve("merged");

        RunResult run = ShardMerge.run(dirs, runDir);

        assertTrue(run.completed());
        StrategyResult merged = run.find("websocket");
        for (Metric count : List.of(Metric.SENT, Metric.DELIVERED, Metric.LOST, Metric.DUPLICATES, Metric.OUT_OF_ORDER,
                Metric.RECORDED, Metric.SEND_RATE_ACHIEVED, Metric.DRIVER_CPU_PERCENT)) {
            double sum = shards.stream().mapToDouble(s -> s.metrics().get(count)).sum();
            assertEquals(sum, merged.get(count), count.key());
        }
        // The union of the ledgers: loss in one shard makes the whole run at-most-once.
        assertEquals("at-most-once", merged.verdict());
        // The server's counters are one server's, read by every shard: not added up.
        assertEquals(80.0, merged.get(Metric.SERVER_CPU_PERCENT));
        assertEquals(3 * 7.0, merged.get(Metric.SEND_BACKLOG_MAX), "the worst shard's backlog");

        Histogram union = new Histogram(3);
        List<Double> p99s = new ArrayList<>();
        for (Synthetic shard : shards) {
            Histogram own = new Histogram(3);
            shard.seconds().forEach(values -> {
                for (long value : values) {
                    union.recordValue(value);
                    own.recordValue(value);
                }
            });
            p99s.add(own.getValueAtPercentile(99) / 1_000.0);
        }
        double unionP99Us = union.getValueAtPercentile(99) / 1_000.0;
        assertEquals(unionP99Us, merged.get(Metric.LATENCY_P99_US));
        assertEquals(union.getValueAtPercentile(50) / 1_000.0, merged.get(Metric.LATENCY_P50_US));
        assertEquals(union.getMaxValue() / 1_000.0, merged.get(Metric.LATENCY_MAX_US));
        assertEquals(union.getTotalCount(), (long) merged.get(Metric.RECORDED));
        double meanOfP99s = p99s.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertNotEquals(meanOfP99s, merged.get(Metric.LATENCY_P99_US), 0.05 * unionP99Us,
                "the merged p99 is the union's, not the mean of the shards' p99s");

        // The merged log: one interval per second per tag, each the shards' intervals of that second added.
        List<Histogram> corrected = read(runDir.resolve("websocket.hlog"), "corrected");
        assertEquals(SECONDS, corrected.size());
        for (int s = 0; s < SECONDS; s++) {
            int second = s;
            long expected = shards.stream().mapToLong(shard -> shard.seconds().get(second).length).sum();
            assertEquals(expected, corrected.get(s).getTotalCount(), "second " + s);
            // The log keeps milliseconds as decimal seconds: read back, a stamp may be 1 ms off.
            assertEquals(T0_MS + 1_000L * s, corrected.get(s).getStartTimeStamp(), 1.0, "second " + s + " starts");
        }
        assertEquals(3, ResultFiles.read(runDir).configuration().json().path("shards").path("shards").asInt());
    }

    @Test
    void aMissingOrRepeatedShardIsRefused(@TempDir Path dir) throws Exception {
        Path zero = write(dir.resolve("a"), new Shard(0, 3), synthetic(1, 10, 1_000, 0, 0, 0));
        Path two = write(dir.resolve("b"), new Shard(2, 3), synthetic(2, 10, 1_000, 0, 0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShardMerge.run(List.of(zero, two), dir.resolve("out")));
        assertTrue(e.getMessage().contains("every shard of the run once"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShardMerge.run(List.of(zero, zero, two), dir.resolve("out")));
    }

    private static Synthetic synthetic(long seed, int perSecond, long tailNs, double lost, double duplicates,
                                       double backlogSevenths) {
        SplittableRandom random = new SplittableRandom(seed);
        List<long[]> seconds = new ArrayList<>();
        long recorded = 0;
        for (int s = 0; s < SECONDS; s++) {
            long[] values = new long[perSecond];
            for (int i = 0; i < perSecond; i++) {
                // Most near 150 us, a 2% tail out to tailNs.
                values[i] = random.nextInt(100) < 2 ? tailNs / 2 + random.nextLong(tailNs / 2)
                        : 100_000 + random.nextLong(100_000);
            }
            seconds.add(values);
            recorded += perSecond;
        }
        Map<Metric, Double> metrics = new LinkedHashMap<>();
        metrics.put(Metric.SENT, (double) recorded + lost);
        metrics.put(Metric.DELIVERED, (double) recorded + duplicates);
        metrics.put(Metric.LOST, lost);
        metrics.put(Metric.DUPLICATES, duplicates);
        metrics.put(Metric.OUT_OF_ORDER, 0.0);
        metrics.put(Metric.RECORDED, (double) recorded);
        metrics.put(Metric.SEND_RATE_ACHIEVED, (double) perSecond);
        metrics.put(Metric.DRIVER_CPU_PERCENT, 10.0 * seed);
        metrics.put(Metric.SERVER_CPU_PERCENT, 80.0);
        metrics.put(Metric.SEND_BACKLOG_MAX, 7.0 * backlogSevenths);
        return new Synthetic(metrics, seconds);
    }

    /** A shard's folder as drive writes it: run.json, the interval log, shard.json. */
    private static Path write(Path dir, Shard shard, Synthetic synthetic) throws Exception {
        Files.createDirectories(dir);
        Map<String, Double> metrics = new LinkedHashMap<>();
        synthetic.metrics().forEach((metric, value) -> metrics.put(metric.key(), value));
        RunResult result = new RunResult(RunResult.SCHEMA_VERSION, "2026-12-05T12:00:00Z", true, null,
                RecordedOptions.of(RunOptions.parse("--strategy", "websocket", "--clients", "200")), Map.of("cores", 2),
                null, List.of(StrategyResult.of("websocket", metrics)));
        ResultFiles.write(dir, result);
        // Each shard's log starts at its own wall time, as each driver's does; the seconds are the shared ones.
        long ownStartMs = T0_MS - 3_000 - 100L * shard.index();
        try (PrintStream file = new PrintStream(dir.resolve("websocket.hlog").toFile(), "UTF-8")) {
            HistogramLogWriter log = new HistogramLogWriter(file);
            log.outputLogFormatVersion();
            log.outputStartTime(ownStartMs);
            log.setBaseTime(ownStartMs);
            log.outputLegend();
            for (int s = 0; s < SECONDS; s++) {
                for (String tag : ShardHistograms.TAGS) {
                    Histogram interval = new Histogram(3);
                    if (!tag.equals("send_delay")) {
                        for (long value : synthetic.seconds().get(s)) {
                            interval.recordValue(value);
                        }
                    }
                    interval.setTag(tag);
                    interval.setStartTimeStamp(T0_MS + 1_000L * s);
                    interval.setEndTimeStamp(T0_MS + 1_000L * (s + 1));
                    log.outputIntervalHistogram(interval);
                }
            }
        }
        ShardMerge.writeShardFile(dir, shard, T0_MS);
        return dir;
    }

    private static List<Histogram> read(Path log, String tag) throws Exception {
        List<Histogram> out = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        EncodableHistogram interval;
        while ((interval = reader.nextIntervalHistogram()) != null) {
            if (interval instanceof Histogram h && tag.equals(h.getTag())) {
                out.add(h);
            }
        }
        return out;
    }
}
