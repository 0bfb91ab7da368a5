package deliverybench.run;

import deliverybench.metric.Metric;
import deliverybench.options.RunOptions;
import deliverybench.radio.RadioModel;
import deliverybench.radio.RadioUsage;
import deliverybench.radio.Transfer;
import deliverybench.results.RunResult;
import deliverybench.results.StrategyResult;
import deliverybench.results.Table;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run --radio against spawned servers: the rows are there, and the timelines' file gives them back. */
@Tag("spawned")
class RadioRunTest {

    private static final int SAMPLE = 3;

    @Test
    void radioRowsArePositiveAndTheTimelinesRecomputeThem(@TempDir Path results) throws Exception {
        RunOptions config = RunOptions.parse("--strategy", "short-poll,websocket", "--clients", "5", "--rate", "10",
                "--arrival", "constant", "--duration", "3s", "--warmup", "1s", "--warmup-max", "3s", "--poll-interval",
                "500ms", "--connect-rate", "1000", "--server-jvm-args", "-Xmx256m", "--radio", "lte",
                "--radio-sample", Integer.toString(SAMPLE));
        Path runDir = BenchmarkRun.newRunDir(results);
        RunResult run = new BenchmarkRun(config, runDir, line -> { }).execute();

        assertTrue(run.completed(), "run failed: " + run.failure());
        String table = Table.render(run.strategies());
        assertTrue(table.contains("energy J per device-hour"), table);
        RadioModel lte = RadioModel.load("lte");
        for (StrategyResult result : run.strategies()) {
            String name = result.strategy();
            for (Metric metric : List.of(Metric.RADIO_ON_S_PER_HOUR, Metric.RADIO_ENERGY_J_PER_HOUR,
                    Metric.RADIO_BYTES_PER_HOUR, Metric.RADIO_BATTERY_PERCENT_PER_DAY)) {
                assertTrue(result.get(metric) > 0, name + " " + metric + " " + result.get(metric));
            }
            assertEquals(SAMPLE, result.get(Metric.RADIO_DEVICES), name);
            // A poll every 500 ms, or a message every 500 ms, is inside LTE's 10 s tail: the radio, promoted when the
            // device connected, never sleeps in the window, so it is never promoted there either.
            assertTrue(result.get(Metric.RADIO_ON_S_PER_HOUR) > 0.95 * 3600, name + " on " + result.get(Metric.RADIO_ON_S_PER_HOUR));
            assertEquals(0, result.get(Metric.RADIO_PROMOTIONS_PER_HOUR), name + " promotions");

            Path csv = runDir.resolve("radio").resolve(name + ".csv.gz");
            assertTrue(Files.size(csv) > 20, name + " csv");
            Timelines timelines = Timelines.read(csv);
            List<RadioUsage> usages = new ArrayList<>();
            for (int d = 0; d < SAMPLE; d++) {
                assertTrue(!timelines.devices.get(d).isEmpty(), name + " device " + d + " moved no byte");
                usages.add(lte.usage(timelines.devices.get(d), timelines.fromMs / 1000.0, timelines.toMs / 1000.0));
            }
            // The file alone gives the tool's figure (its t_ms are the recorder's buckets; the window rounds to 1 ms).
            double fromFile = RadioUsage.mean(usages).energyJPerHour();
            assertEquals(result.get(Metric.RADIO_ENERGY_J_PER_HOUR), fromFile, 0.01 * fromFile, name);
        }
    }

    /** radio/<strategy>.csv.gz read back: the window line, then device,t_ms,direction,bytes. */
    private record Timelines(long fromMs, long toMs, List<List<Transfer>> devices) {
        static Timelines read(Path file) throws IOException {
            List<List<Transfer>> devices = new ArrayList<>();
            for (int d = 0; d < SAMPLE; d++) {
                devices.add(new ArrayList<>());
            }
            long from = 0;
            long to = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("# window_ms=")) {
                        String[] window = line.substring("# window_ms=".length()).split("\\.\\.");
                        from = Long.parseLong(window[0]);
                        to = Long.parseLong(window[1]);
                    } else if (!line.startsWith("device")) {
                        String[] f = line.split(",");
                        devices.get(Integer.parseInt(f[0])).add(new Transfer(Long.parseLong(f[1]) / 1000.0,
                                f[2].equals("up"), Long.parseLong(f[3])));
                    }
                }
            }
            return new Timelines(from, to, devices);
        }
    }
}
