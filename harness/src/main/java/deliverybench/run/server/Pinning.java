package deliverybench.run.server;

import deliverybench.options.TargetOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Which cores the spawned server and the driver may use ({@code --server-cpus}, {@code --driver-cpus},
 * cpu lists as {@code taskset} takes them: {@code 0}, {@code 1-3}, {@code 0,2}), so that a capacity
 * figure on a small machine is not the two fighting for the same core.
 *
 * @param serverCpus the spawned server's cores, null for any
 * @param driverCpus the driver's cores, null for any; under {@code run --shards K}, K lists separated by {@code /}
 *                   ({@code 0/1}: shard 0 on cpu 0, shard 1 on cpu 1), or one list for every shard
 */
public record Pinning(String serverCpus, String driverCpus) {

    public static final Pinning NONE = new Pinning(null, null);

    /** The cores {@code --server-cpus} and {@code --driver-cpus} name; IllegalArgumentException for a bad list. */
    public static Pinning of(TargetOptions target) {
        return new Pinning(target.serverCpus(), target.driverCpus());
    }

    public Pinning {
        if (serverCpus != null) {
            cpus(serverCpus);
        }
        if (driverCpus != null) {
            for (String list : driverCpus.split("/", -1)) {
                cpus(list);
            }
        }
    }

    /** The cores of driver shard {@code index} of {@code count}: its own list of {@code A/B/..}, or the one list. */
    public String driverCpus(int index, int count) {
        if (driverCpus == null) {
            return null;
        }
        String[] lists = driverCpus.split("/", -1);
        if (lists.length == 1) {
            return driverCpus;
        }
        if (lists.length != count) {
            throw new IllegalArgumentException("--driver-cpus " + driverCpus + " names " + lists.length
                    + " cpu lists for --shards " + count + ": give one list, or one per shard separated by /");
        }
        return lists[index];
    }

    /** Whether the server and the driver may run on a common core: unless both are pinned, apart. */
    public boolean shared() {
        return serverCpus == null || driverCpus == null || cpus(serverCpus).intersects(cpus(driverCpus.replace('/', ',')));
    }

    /** What goes before the server's command: {@code taskset -c <cpus>}, or nothing. */
    public List<String> serverPrefix() {
        return serverCpus == null ? List.of() : List.of("taskset", "-c", serverCpus);
    }

    /** Pins every thread of this JVM, the driver, to its cores (taskset -a -p); a no-op when none are given. */
    public void pinDriver() throws IOException, InterruptedException {
        if (driverCpus == null) {
            return;
        }
        if (driverCpus.contains("/")) {
            throw new IllegalArgumentException("--driver-cpus " + driverCpus + " is one cpu list per shard: it needs --shards");
        }
        List<String> command = new ArrayList<>(List.of("taskset", "-a", "-p", "-c", driverCpus,
                Long.toString(ProcessHandle.current().pid())));
        Process taskset = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(taskset.getInputStream().readAllBytes());
        if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
            throw new IOException("could not pin the driver to cpus " + driverCpus + " (is taskset, from util-linux, "
                    + "installed?): " + output.trim());
        }
    }

    @Override
    public String toString() {
        if (serverCpus == null && driverCpus == null) {
            return "none (server and driver share the cores)";
        }
        return "server on cpus " + (serverCpus == null ? "any" : serverCpus) + ", driver on cpus "
                + (driverCpus == null ? "any" : driverCpus);
    }

    /** A taskset cpu list, checked: numbers and ranges separated by commas. */
    static BitSet cpus(String list) {
        BitSet cpus = new BitSet();
        for (String part : list.split(",")) {
            String[] range = part.trim().split("-");
            try {
                int from = Integer.parseInt(range[0].trim());
                int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
                if (range.length > 2 || from < 0 || to < from || to > 4_095) {
                    throw new NumberFormatException();
                }
                cpus.set(from, to + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a cpu list must be like 0, 1-3 or 0,2 (as taskset -c takes it), was '"
                        + list + "'");
            }
        }
        return cpus;
    }
}
