package deliverybench.options;

import picocli.CommandLine.Option;

import java.net.URI;
import java.util.List;

/** The server measured: spawned per strategy (with its JVM, its options, its cores, a profiler) or one running. */
public final class TargetOptions extends Group {

    /** The environment variable holding a running server's secret. */
    public static final String SECRET_ENV = "DELIVERYBENCH_SECRET";

    @Option(names = "--server", description = "Target a running server, http://HOST:PORT, instead of spawning one "
            + "per strategy (then --tcp-port and --secret are needed).")
    URI server;

    @Option(names = "--tcp-port", defaultValue = "9090", description = "TCP port of --server (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port of --server (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--broker", description = "Also measure an external MQTT broker with the same workload, as the "
            + "reference beside our strategies: mosquitto (Debian's; started on a free loopback port, stopped after).")
    String broker;

    /** Never written to run.json. */
    @Option(names = "--secret", description = "Secret of --server (default: $" + SECRET_ENV + ").")
    transient String secret;

    @Option(names = "--server-jvm-args", split = " ", defaultValue = "-Xmx2g",
            description = "JVM options of the spawned server, space-separated (default: ${DEFAULT-VALUE}).")
    List<String> serverJvmArgs;

    @Option(names = "--server-args", split = " ", description = "Extra serve options of the spawned server, "
            + "space-separated, e.g. \"--push-queue-messages 100\".")
    List<String> serverArgs = List.of();

    @Option(names = "--server-cpus", description = "Pin the spawned server to these cores (taskset -c), e.g. 0.")
    String serverCpus;

    @Option(names = "--driver-cpus", description = "Pin the driver to these cores (taskset -a -p), e.g. 1.")
    String driverCpus;

    @Option(names = "--profile", description = "Profile each spawned server's CPU over its measured window with "
            + "async-profiler (perf events, or its itimer mode where the kernel refuses them): a flame graph per strategy "
            + "in <run>/profiles/, linked from the report.")
    boolean profile;

    void validate() {
        require(broker == null || broker.equals("mosquitto"), "--broker knows mosquitto only, not '" + broker + "'");
        if (server == null) {
            return;
        }
        require(!secret().isEmpty(), "--server needs the server's secret: --secret or $" + SECRET_ENV);
        require(!profile, "--profile profiles a spawned server, not --server");
        require(serverCpus == null, "--server-cpus pins a spawned server, not --server");
    }

    /** A running server to target, or null to spawn a fresh one per strategy. */
    public URI server() { return server; }
    public int tcpPort() { return tcpPort; }
    public int mqttPort() { return mqttPort; }
    /** The external broker also measured ({@code mosquitto}), or null. */
    public String broker() { return broker; }
    /** The running server's secret: --secret, else the environment's; empty when neither is set. */
    public String secret() {
        String key = secret != null ? secret : System.getenv(SECRET_ENV);
        return key == null ? "" : key;
    }
    public List<String> serverJvmArgs() { return serverJvmArgs; }
    public List<String> serverArgs() { return serverArgs; }
    public String serverCpus() { return serverCpus; }
    public String driverCpus() { return driverCpus; }
    public boolean profile() { return profile; }
}
