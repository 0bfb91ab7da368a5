package deliverybench.shard;

import deliverybench.cli.Main;
import deliverybench.metric.Metric;
import deliverybench.results.ResultFiles;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run --shards 2 for real: two driver processes against one spawned server, one run folder whose totals are their sums. */
@Tag("spawned")
class ShardedRunTest {

    @Test
    void twoShardsMakeOneRunFolderWhoseTotalsAreTheShardsSums(@TempDir Path results) throws Exception {
        int exit = Main.commandLine().execute("run", "--strategy", "websocket", "--clients", "21", "--rate", "150",
                "--duration", "2s", "--warmup", "1s", "--grace", "2s", "--connect-rate", "1000",
                "--sender-connections", "2", "--server-jvm-args", "-Xmx256m", "--shards", "2",
                "--results", results.toString());

        assertEquals(0, exit);
        Path runDir;
        try (Stream<Path> runs = Files.list(results.resolve("runs"))) {
            runDir = runs.findFirst().orElseThrow();
        }
        RunResult run = ResultFiles.read(runDir);
        assertTrue(run.completed(), run.failure());
        assertEquals(2, run.configuration().json().path("shards").path("shards").asInt());
        StrategyResult merged = run.find("websocket");
        Path shardsDir = runDir.resolve("shards").resolve("websocket");
        List<StrategyResult> shards = List.of(ResultFiles.read(shardsDir.resolve("shard-0")).strategies().get(0),
                ResultFiles.read(shardsDir.resolve("shard-1")).strategies().get(0));
        // The users split 10 and 11, the rate 150 * 10/21 and 150 * 11/21.
        // Every shard is given the whole run's options and takes its part itself.
        assertEquals(21, ResultFiles.read(shardsDir.resolve("shard-1")).configuration().clients());
        assertEquals(150 * 10 / 21.0, shards.get(0).get(Metric.SEND_RATE_ASKED), 1e-9);
        assertEquals(150 * 11 / 21.0, shards.get(1).get(Metric.SEND_RATE_ASKED), 1e-9);
        for (Metric count : List.of(Metric.SCHEDULED, Metric.SENT, Metric.DELIVERED, Metric.LOST, Metric.DUPLICATES,
                Metric.OUT_OF_ORDER, Metric.RECORDED, Metric.SEND_RATE_ASKED)) {
            assertEquals(shards.get(0).get(count) + shards.get(1).get(count), merged.get(count), 1e-9, count.key());
        }
        assertTrue(merged.get(Metric.SENT) > 0);
        assertEquals(merged.get(Metric.SENT), merged.get(Metric.DELIVERED));
        assertEquals(0, merged.get(Metric.LOST));
        // The merged log holds every latency both shards recorded, and the percentiles are read off it.
        Histogram all = corrected(runDir.resolve("websocket.hlog"));
        assertEquals(corrected(shardsDir.resolve("shard-0").resolve("websocket.hlog")).getTotalCount()
                + corrected(shardsDir.resolve("shard-1").resolve("websocket.hlog")).getTotalCount(), all.getTotalCount());
        assertEquals((long) merged.get(Metric.RECORDED), all.getTotalCount());
        assertEquals(all.getValueAtPercentile(99) / 1_000.0, merged.get(Metric.LATENCY_P99_US));
        assertTrue(Files.exists(runDir.resolve("report.html")));
    }

    private static Histogram corrected(Path log) throws Exception {
        Histogram sum = new Histogram(3);
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        EncodableHistogram interval;
        while ((interval = reader.nextIntervalHistogram()) != null) {
            if (interval instanceof Histogram h && "corrected".equals(h.getTag())) {
                sum.add(h);
            }
        }
        return sum;
    }
}
