package deliverybench.options;

import picocli.CommandLine.Option;

/** The send path: which way messages go to the server, over how many connections, how many unanswered on each. */
public final class SendingOptions extends Group {

    /** The most sends one send connection keeps out: a bound on what the driver holds per connection. */
    public static final int MAX_SENDER_PIPELINE = 1_024;

    @Option(names = "--send-via", defaultValue = "http",
            description = "http (POST /messages for every strategy, the default, so they stay comparable), "
                    + "connection (strategies whose connection has an upstream, WebSocket, TCP, MQTT and XMPP, send over a connection of "
                    + "their own kind, as <name>+send) or both (each of those twice, over HTTP and over its connection).")
    SendVia sendVia;

    @Option(names = "--sender-connections", defaultValue = "4",
            description = "Kept-alive connections of the send path (default: ${DEFAULT-VALUE}).")
    int senderConnections;

    @Option(names = "--sender-pipeline", defaultValue = "64",
            description = "Sends each send connection keeps out unanswered (default: ${DEFAULT-VALUE}); 1 waits for "
                    + "each answer, as wrk and most clients do, so that a stalled server stalls the sender too.")
    int senderPipeline;

    @Option(names = "--pacer-priority", defaultValue = "auto",
            description = "auto (the default: realtime below 1,000 msg/s, normal "
                    + "from there), realtime (the pacer's thread and the HTTP send lanes' I/O thread run under Linux's "
                    + "SCHED_FIFO, so that a send leaves on time on cores shared with the server; needs root or "
                    + "CAP_SYS_NICE, else the run says so and goes on) or normal.")
    PacerPriorityMode pacerPriority;

    /** How the pacer's thread is scheduled while it sends. */
    public enum PacerPriorityMode { auto, realtime, normal }

    /**
     * Below this rate auto sends under the real-time scheduler. Measured back to back against an independent client:
     * at 300 msg/s real-time sending took the driver's p99 from 1.9-2.1 times the client's to 0.5-1.0 times; at 3,000
     * msg/s it was worse than normal in three single rounds (9.5-11.2 ms against 4.9-8.0), the receivers' normal I/O
     * threads then waiting behind a send lane that is busy most of the time.
     */
    public static final double AUTO_REALTIME_BELOW = 1_000;

    @Option(names = "--driver-io-threads", defaultValue = "2",
            description = "I/O threads of the driver's one XNIO worker (default: ${DEFAULT-VALUE}).")
    int driverIoThreads;

    void validate() {
        require(sendVia != null, "--send-via must be given");
        require(senderConnections >= 1, "--sender-connections must be at least 1");
        require(senderPipeline >= 1 && senderPipeline <= MAX_SENDER_PIPELINE,
                "--sender-pipeline must be from 1 to " + MAX_SENDER_PIPELINE + ", was " + senderPipeline);
        require(driverIoThreads >= 1, "--driver-io-threads must be at least 1");
    }

    /** The same sending over another path. */
    SendingOptions withSendVia(SendVia via) {
        SendingOptions copy = copy();
        copy.sendVia = via;
        return copy;
    }

    public SendVia sendVia() { return sendVia; }
    public int senderConnections() { return senderConnections; }
    public int senderPipeline() { return senderPipeline; }
    public int driverIoThreads() { return driverIoThreads; }
    /** Whether a run at {@code ratePerSecond} sends under the real-time scheduler. */
    public boolean realtimeSending(double ratePerSecond) {
        return pacerPriority == PacerPriorityMode.realtime
                || pacerPriority == PacerPriorityMode.auto && ratePerSecond < AUTO_REALTIME_BELOW;
    }
}
