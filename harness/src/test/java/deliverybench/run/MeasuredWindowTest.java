package deliverybench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.measure.DeliveryLedger;
import deliverybench.measure.LatencyRig;
import deliverybench.run.send.Sender;
import deliverybench.schedule.Arrival;
import deliverybench.schedule.Pacer;
import deliverybench.schedule.SendSchedule;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's ticks on scripted time: what stays on the pacer's thread, and where the window's ends fall. */
class MeasuredWindowTest {

    private static final long SECOND_NS = 1_000_000_000L;
    private static final long SLOW_LINE_NS = 30_000_000L;

    /** Runs its tasks when told to, in order, the way the run's one background thread does later. */
    private static final class Later implements Executor {
        final List<Runnable> queued = new ArrayList<>();
        boolean direct;

        @Override
        public void execute(Runnable task) {
            if (direct) {
                task.run();
            } else {
                queued.add(task);
            }
        }

        void drain() {
            direct = true;
            queued.forEach(Runnable::run);
            queued.clear();
        }
    }

    private record Ran(Pacer pacer, MeasuredWindow window, List<String> progress) {
    }

    /** 100 sends a second, 1 s of warm-up (its least and its most), 3 s measured; every progress line takes the console 30 ms. */
    private static Ran run(Executor background) throws Exception {
        ScriptedClock clock = new ScriptedClock();
        Pacer pacer = new Pacer(clock);
        List<String> progress = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        long t0 = clock.nanoTime();
        MeasuredWindow window = new MeasuredWindow("x", new LatencyRig(clock), pacer,
                new HistogramLogWriter(new PrintStream(new ByteArrayOutputStream())),
                () -> json.readTree("{\"jit_compile_ms\": -1, \"heap_used_bytes\": 1}"), background, t0, SECOND_NS,
                SECOND_NS, 3 * SECOND_NS, 100, new DeliveryLedger(1, 1), new IdleSender(), line -> {
                    clock.sleepUntil(clock.nanoTime() + SLOW_LINE_NS);
                    progress.add(line);
                }, (startNs, endNs) -> { }, RunListener.NONE);
        pacer.run(new SendSchedule(100, Arrival.CONSTANT, 1, 1), t0, (intended, recipients) -> { }, window);
        return new Ran(pacer, window, progress);
    }

    @Test
    void aSlowSecondsLogHoldsNoSendAndTheWindowsEndsStayOnTheirTicks() throws Exception {
        Later later = new Later();
        Ran ran = run(later);
        assertTrue(ran.progress().isEmpty(), "nothing said on the pacer's thread: " + ran.progress());
        assertEquals(0, ran.pacer().lagNs().getMaxValue(), "no send waited for a tick");
        assertEquals(0, ran.pacer().tickHoldNs().getMaxValue());
        later.drain();
        ran.window().last();
        assertEquals(3, ran.progress().stream().filter(line -> line.contains("delivered")).count(), ran.progress().toString());
        MeasuredWindow.Outcome outcome = ran.window().outcome();
        assertEquals(SECOND_NS, outcome.warmupNs());
        assertEquals(3 * SECOND_NS, outcome.endNs() - outcome.startNs());
        // The lag counts from the window's start: its 3 s of sends, not the warm-up's.
        assertEquals(300, ran.pacer().lagNs().getTotalCount(), 1);
    }

    @Test
    void onThePacersThreadTheSameLogWouldHoldTheSendsDueMeanwhile() throws Exception {
        // The contrast the test above stands on: the same run with the background work done at once, in the tick.
        // A tick falls on a send, which goes first; the next, due 10 ms into the tick's 30 ms, leaves 20 ms late.
        Ran ran = run(Runnable::run);
        assertEquals(20_000_000L, ran.pacer().lagNs().getMaxValue(), 20_000_000L * 0.001);
        assertEquals(SLOW_LINE_NS, ran.pacer().tickHoldNs().getValueAtPercentile(50), SLOW_LINE_NS * 0.001);
        assertEquals(SECOND_NS, ran.window().outcome().warmupNs());
    }

    private static final class IdleSender implements Sender {
        @Override
        public void send(int[] recipients, long intendedNs) {
        }

        @Override
        public long inFlight() {
            return 0;
        }

        @Override
        public long backlog() {
            return 0;
        }

        @Override
        public void stopSending() {
        }

        @Override
        public void close() {
        }
    }
}
