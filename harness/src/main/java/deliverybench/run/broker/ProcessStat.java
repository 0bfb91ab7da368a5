package deliverybench.run.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Another process's CPU, threads and resident memory from {@code /proc/<pid>/stat} and {@code status}:
 * what a broker that has no {@code /stats} costs.
 *
 * @param cpuNs     user plus system time
 * @param threads   its threads now
 * @param rssBytes  its resident set now
 */
public record ProcessStat(long cpuNs, long threads, long rssBytes) {

    // USER_HZ, the unit of utime and stime: 100 on every Linux (as in the server's ThreadCpu).
    private static final long NS_PER_TICK = 10_000_000L;

    public static ProcessStat of(long pid) throws IOException {
        Path dir = Path.of("/proc", Long.toString(pid));
        return parse(Files.readString(dir.resolve("stat")), Files.readString(dir.resolve("status")));
    }

    /** Parses the two files; {@code stat}'s fields are counted after the command name, which may hold spaces. */
    static ProcessStat parse(String stat, String status) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // Field 3 (state) is fields[0]; utime is field 14, stime 15, num_threads 20.
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        long threads = Long.parseLong(fields[17]);
        long rssKb = 0;
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new ProcessStat((utime + stime) * NS_PER_TICK, threads, rssKb * 1_024);
    }
}
