package deliverybench.measure;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the driver's own time goes in one measured window, one HDR histogram per stage (ns): the pacer's
 * wake-up, the hand-off to the I/O thread, the write, the ticks that hold the pacer, the driver's GC pauses.
 * Written as {@code <strategy>.driver-stages.json} beside the run's other files, and as a small table.
 */
public final class DriverStages implements AutoCloseable {

    /** What each stage is, in the order the table shows them. */
    public static final Map<String, String> MEANING = meaning();

    private final Map<String, Histogram> stages = new LinkedHashMap<>();
    private final Recorder gcPauseNs = new Recorder(3);
    private final NotificationListener gcListener = this::onGc;
    private boolean listening;

    private static Map<String, String> meaning() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pacer_lag", "intended time -> the pacer hands the send over (all of the pacer's lateness)");
        m.put("pacer_wake_late", "intended time -> the clock returned, for sends the pacer waited for (parkNanos and spin)");
        m.put("pacer_tick_hold", "each tick (progress, /stats sampling, the window's reads) holding the pacer's thread");
        m.put("sender_handoff", "queued by the pacer -> taken by a connection on its I/O thread");
        m.put("sender_write", "taken -> encoded and written to the connection");
        m.put("send_delay", "intended time -> the send stamp in the delivered message (the driver's whole send side)");
        m.put("gc_pause", "the driver JVM's garbage collections during the window (whole ms, as the JVM reports them)");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Pauses from here on count: the window opened (cheap, on the pacer's thread). */
    public void countGcFromHere() {
        gcPauseNs.reset();
    }

    /**
     * Starts hearing the driver's GC pauses; called before sending starts, since a first registration with the
     * JVM's management beans can take milliseconds that a tick on the pacer's thread would hold every send for.
     */
    public void listenToGc() {
        gcPauseNs.reset();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(gcListener, null, null);
            }
        }
        listening = true;
    }

    private void onGc(Notification notification, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            gcPauseNs.recordValue(Math.max(0, info.getGcInfo().getDuration()) * 1_000_000L);
        }
    }

    /** Sets a stage's histogram (ns); a null one, a stage this run did not time, is left out. */
    public DriverStages put(String stage, Histogram ns) {
        if (!MEANING.containsKey(stage)) {
            throw new IllegalArgumentException("not a driver stage: " + stage);
        }
        if (ns != null) {
            stages.put(stage, ns);
        }
        return this;
    }

    /** Stops hearing GC pauses and books those heard. */
    @Override
    public void close() {
        if (!listening) {
            return;
        }
        listening = false;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(gcListener);
                } catch (ListenerNotFoundException e) {
                    // Never added to this one.
                }
            }
        }
        stages.put("gc_pause", gcPauseNs.getIntervalHistogram());
    }

    /** The stages in the table's order, each as count, p50, p99, p99.9 and max in microseconds. */
    public String json(String strategy) {
        StringBuilder json = new StringBuilder("{\"strategy\": \"").append(strategy).append("\", \"unit\": \"us\", \"stages\": {");
        String comma = "";
        for (String stage : MEANING.keySet()) {
            Histogram h = stages.get(stage);
            if (h == null) {
                continue;
            }
            // A stage with nothing in it (no collection in the window) has no percentiles, not zero ones.
            json.append(comma).append("\n  \"").append(stage).append("\": ").append(h.getTotalCount() == 0
                    ? "{\"count\": 0, \"p50\": null, \"p99\": null, \"p99_9\": null, \"max\": null}"
                    : String.format(Locale.ROOT, "{\"count\": %d, \"p50\": %.1f, \"p99\": %.1f, \"p99_9\": %.1f, \"max\": %.1f}",
                    h.getTotalCount(), us(h, 50), us(h, 99), us(h, 99.9), h.getMaxValue() / 1_000.0));
            comma = ",";
        }
        return json.append("\n}}\n").toString();
    }

    /** One line per stage: its count and percentiles in microseconds. */
    public String table(String strategy) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%s driver stages (us)%n%-18s %8s %9s %9s %9s %9s%n",
                strategy, "stage", "count", "p50", "p99", "p99.9", "max"));
        for (String stage : MEANING.keySet()) {
            Histogram h = stages.get(stage);
            if (h != null && h.getTotalCount() == 0) {
                table.append(String.format(Locale.ROOT, "%-18s %8d %9s %9s %9s %9s%n", stage, 0, "-", "-", "-", "-"));
            } else if (h != null) {
                table.append(String.format(Locale.ROOT, "%-18s %8d %9.1f %9.1f %9.1f %9.1f%n", stage, h.getTotalCount(),
                        us(h, 50), us(h, 99), us(h, 99.9), h.getMaxValue() / 1_000.0));
            }
        }
        return table.toString();
    }

    /** Writes {@link #json} to {@code <dir>/<strategy>.driver-stages.json}; returns the file. */
    public Path write(Path dir, String strategy) throws IOException {
        Path file = dir.resolve(strategy + ".driver-stages.json");
        Files.writeString(file, json(strategy), StandardCharsets.UTF_8);
        return file;
    }

    private static double us(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1_000.0;
    }
}
