package deliverybench.strategy;

import deliverybench.client.ClientContext;
import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.SendLink;
import deliverybench.core.ServerCore;

import java.util.List;

/**
 * One way a new message can reach its user, both ends of it: what the server serves, what a client
 * does, and what the strategy declares about itself. Each lives in a package of its own under
 * {@code deliverybench.strategy}; {@link Strategies} is the one list that names them.
 */
public interface Strategy {

    /** What it declares about itself: name, label, counters' key, kind, whether it acks, summary. */
    Descriptor descriptor();

    /** The name on the command line, in run.json and in file names: {@code short-poll}. */
    default String name() {
        return descriptor().name();
    }

    /** The name for people: {@code Short poll}. */
    default String label() {
        return descriptor().label();
    }

    /** The key of the counters it books to in {@code /stats}: {@code short_poll}. */
    default String statsKey() {
        return descriptor().statsKey();
    }

    default Kind kind() {
        return descriptor().kind();
    }

    /** What carries its messages; {@code --http2} applies to {@link Transport#HTTP} only. */
    default Transport transport() {
        return descriptor().transport();
    }

    /** Whether its client acknowledges what it received (the server then keeps an unacked gauge). */
    default boolean acks() {
        return descriptor().acks();
    }

    /** One sentence: what it does, for help texts and the report. */
    default String summary() {
        return descriptor().summary();
    }

    /**
     * A variant of another strategy, served by that one's endpoint with other server options
     * ({@link #serverArgs}): measured when named, not part of {@code --strategy all}.
     */
    default boolean variant() {
        return false;
    }

    /** The {@code serve} options a spawned server needs for this strategy. */
    default List<String> serverArgs() {
        return List.of();
    }

    /** Registers its routes or listener on the shared server core. A variant registers nothing. */
    void serve(ServerCore core) throws java.io.IOException;

    /** A new client for one device; it connects when started. {@code seed} spreads what it may randomise. */
    Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed);

    /** Whether its connection carries sends too (contract v3); SSE and HTTP streaming have no upstream. */
    default boolean carriesSends() {
        return false;
    }

    /**
     * A link that sends over a connection of this strategy's own kind, opening as it is made; only for
     * a strategy that {@link #carriesSends()}.
     */
    default SendLink sendLink(ClientContext context, String token, SendLink.Listener listener) {
        throw new UnsupportedOperationException(name() + " has no upstream: its sends go by POST /messages");
    }

    /** How much longer than the run's grace this strategy may take to deliver its last message. */
    default long extraGraceMs(Workload workload) {
        return 0;
    }

    /**
     * What wakes a device's radio (the radio theory and its window check read it): by default a push, each message a
     * transfer of its own, and the heartbeat's ping when there is one.
     */
    default Wakeups wakeups(Workload workload, HeartbeatPolicy heartbeat) {
        return Wakeups.push(heartbeat);
    }

    /** What the workload predicts for its metrics, each with a band and a reason. */
    List<Prediction> theory(Workload workload, Measured measured);
}
