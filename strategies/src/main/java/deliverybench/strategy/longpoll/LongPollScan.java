package deliverybench.strategy.longpoll;

import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.core.ServerConfig;
import deliverybench.core.ServerCore;
import deliverybench.metric.Metric;
import deliverybench.strategy.Descriptor;
import deliverybench.strategy.Kind;
import deliverybench.strategy.Transport;
import deliverybench.strategy.Wakeups;
import deliverybench.strategy.Measured;
import deliverybench.strategy.Prediction;
import deliverybench.strategy.Strategy;
import deliverybench.strategy.Workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Long polling done naively: the same endpoint on a server started with {@code --long-poll-wake scan},
 * where each held request re-reads the store on a timer instead of being woken.
 */
public final class LongPollScan implements Strategy {

    private static final Descriptor DESCRIPTOR = new Descriptor("long-poll-scan", "Long poll (scanning)", "long_poll",
            Kind.PULL, Transport.HTTP, false, "long poll where each held request re-reads the store every "
            + ServerConfig.DEFAULT_SCAN_INTERVAL_MS + " ms instead of being woken");

    @Override
    public Descriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public boolean variant() {
        return true;
    }

    @Override
    public List<String> serverArgs() {
        return List.of("--long-poll-wake", "scan");
    }

    /** Served by {@link LongPoll}'s endpoint, in scan mode. */
    @Override
    public void serve(ServerCore core) {
    }

    @Override
    public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        return new LongPollReceiver(context, device, token);
    }

    /** An answer per message, or at the wait when none came. */
    @Override
    public Wakeups wakeups(Workload workload, HeartbeatPolicy heartbeat) {
        return Wakeups.perMessageOrAfter(workload.pollWaitSeconds());
    }

    @Override
    public List<Prediction> theory(Workload w, Measured measured) {
        List<Prediction> out = new ArrayList<>(LongPoll.predictions(w, measured));
        // Each held request reads once per tick, and a device holds a request about 1/(rate/clients)
        // seconds per message it receives (a wait that runs out is followed at once by another).
        double ticksPerSecond = 1_000.0 / ServerConfig.DEFAULT_SCAN_INTERVAL_MS;
        double reads = 1 + ticksPerSecond / w.perUserRate();
        out.add(new Prediction(Metric.STORE_READS_PER_MESSAGE, reads, 0.5 * reads, 1.5 * reads,
                measured.get(Metric.STORE_READS_PER_MESSAGE),
                "every held request reads the store " + ticksPerSecond + " times a second, about 1/(rate/clients) seconds per message"));
        return out;
    }
}
