package deliverybench.core.stats;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The process's CPU split by who spent it: the request path (the server's XNIO I/O and task
 * threads, by {@link ThreadMXBean}), the JIT compiler and the garbage collector (JVM threads that
 * {@code ThreadMXBean} does not list, read from {@code /proc/self/task} on Linux, to 10 ms), and
 * the rest. Each figure only grows: a thread that ended keeps the CPU it was last seen with.
 */
public final class ThreadCpu {

    /** The split at one moment, in nanoseconds of CPU (-1: not known here), and the JIT's and GC's own clocks in ms. */
    public record Split(long requestNs, long jitNs, long gcNs, long processNs, long jitCompileMs, long gcPauseMs) {
    }

    private static final Path TASKS = Path.of("/proc/self/task");
    // USER_HZ, the unit of utime and stime in /proc: 100 on every Linux the JVM runs on.
    private static final long NS_PER_TICK = 10_000_000L;

    private final String workerPrefix;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Sums request = new Sums();
    private final Sums jit = new Sums();
    private final Sums gc = new Sums();

    /** @param workerName the XNIO worker's name: its threads are "{workerName} I/O-n" and "{workerName} task-n" */
    public ThreadCpu(String workerName) {
        this.workerPrefix = workerName + " ";
    }

    /** CPU by thread id, summed over every thread seen, ended ones at their last value. */
    private static final class Sums {
        private final Map<Long, Long> live = new HashMap<>();
        private long ended;
        // -1 until the first read: not known on this system.
        private long last = -1;

        long last() {
            return last;
        }

        long update(Map<Long, Long> now) {
            live.forEach((id, cpu) -> {
                if (!now.containsKey(id)) {
                    ended += cpu;
                }
            });
            live.clear();
            live.putAll(now);
            long total = ended;
            for (long cpu : now.values()) {
                total += cpu;
            }
            last = total;
            return total;
        }
    }

    /** Samples every thread now. */
    public synchronized Split sample() {
        Map<Long, Long> requestNow = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(workerPrefix)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    requestNow.put(info.getThreadId(), cpu);
                }
            }
        }
        long requestNs = request.update(requestNow);
        Map<Long, Long> jitNow = new HashMap<>();
        Map<Long, Long> gcNow = new HashMap<>();
        boolean proc = readProc(jitNow, gcNow);
        // A listing that failed this time keeps the last figures: they only grow.
        long jitNs = proc ? jit.update(jitNow) : jit.last();
        long gcNs = proc ? gc.update(gcNow) : gc.last();
        return new Split(requestNs, jitNs, gcNs, processNs(), jitCompileMs(), gcPauseMs());
    }

    /** Reads the JVM's own threads' CPU from /proc; false where there is none (not Linux). */
    private static boolean readProc(Map<Long, Long> jitNow, Map<Long, Long> gcNow) {
        if (!Files.isDirectory(TASKS)) {
            return false;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    Map<Long, Long> into = name.contains("CompilerThre") ? jitNow
                            : name.startsWith("GC Thread") || name.startsWith("G1 ") ? gcNow : null;
                    if (into != null) {
                        into.put(Long.parseLong(task.getFileName().toString()), cpuNs(Files.readString(task.resolve("stat"))));
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended while we read it.
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            // A thread that ended while the directory was listed (DirectoryIteratorException): not this time.
            return false;
        }
    }

    /** utime + stime of a /proc stat line, in ns; the name in parentheses may hold spaces. */
    static long cpuNs(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the name: state is field 3 of the line, utime 14 and stime 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NS_PER_TICK;
    }

    static long processNs() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long jitCompileMs() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : -1;
    }

    private static long gcPauseMs() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }
}
