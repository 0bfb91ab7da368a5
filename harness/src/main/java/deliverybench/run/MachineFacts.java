package deliverybench.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a run's numbers depend on besides the code: cores, memory, JVM, OS and the limits that bound clients. */
public final class MachineFacts {

    private MachineFacts() {
    }

    public static Map<String, Object> read() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("hostname", hostname());
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("cpu_model", cpuModel());
        facts.put("memory_total_bytes", memoryTotalBytes());
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("max_open_files", maxOpenFiles());
        long[] ports = ephemeralPorts();
        facts.put("ephemeral_ports", ports[1] - ports[0] + 1);
        return facts;
    }

    /** The soft limit on open files of this process, or -1 when unknown. */
    public static long maxOpenFiles() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** The local port range {@code [low, high]} for outgoing connections. */
    public static long[] ephemeralPorts() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new long[]{Long.parseLong(range[0]), Long.parseLong(range[1])};
        } catch (IOException | RuntimeException e) {
            return new long[]{32_768, 60_999};
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // Not Linux: leave it unknown.
        }
        return "unknown";
    }

    private static long memoryTotalBytes() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
