package deliverybench.run;

import deliverybench.run.chaos.ClusterFaults;
import deliverybench.run.send.Sender;
import deliverybench.run.server.StatsReader;
import deliverybench.client.ClientContext;
import deliverybench.measure.DeliveryLedger;

import java.io.IOException;

/**
 * The outside world of one strategy run: the clients' shared context, the sender and the server's
 * counters. {@link ServerWiring} is the real one (one server's), on the driver's XNIO worker; tests script their own.
 */
public interface Wiring {

    /** What every client of the run shares, and counts into. */
    ClientContext clients();

    /** The secret tokens are signed with. */
    String secret();

    /** A sender that reports each accepted send's seq to the ledger. */
    Sender sender(DeliveryLedger ledger, String[] users, String token, int payloadBytes)
            throws IOException, InterruptedException;

    StatsReader server();

    /** The context of receiving device {@code deviceIndex} (its gateway's, in a cluster); it counts into {@link #clients()}. */
    default ClientContext clients(int deviceIndex) {
        return clients();
    }

    /** run --radio: the devices recorded at the link; null when none is. */
    default RadioSample radio() {
        return null;
    }

    /** What chaos can do to a cluster's gateways and Redis; null on a single server. */
    default ClusterFaults clusterFaults() {
        return null;
    }
}
