package deliverybench.run;

import deliverybench.link.LinkProfile;
import deliverybench.link.LinkRelay;
import deliverybench.options.NetworkOptions;
import deliverybench.run.server.ServerTarget;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** run --network: the run's one link relay, and each server's addresses as its clients and its sender reach them. */
final class EmulatedNetwork implements AutoCloseable {

    private final NetworkOptions options;
    private final LinkRelay relay;

    private EmulatedNetwork(NetworkOptions options, LinkRelay relay) {
        this.options = options;
        this.relay = relay;
    }

    /** The run's network, or null when the clients talk to the server directly. */
    static EmulatedNetwork of(NetworkOptions options, long seed) throws IOException {
        return options.enabled() ? new EmulatedNetwork(options, new LinkRelay(options.natIdleNs(), seed)) : null;
    }

    /** Where the receivers connect: every listener of {@code target} behind the receivers' link. */
    ServerTarget clients(ServerTarget target) throws IOException {
        return through(target, options.profile());
    }

    /** Where the sender connects: behind the sender's link. */
    ServerTarget sender(ServerTarget target) throws IOException {
        return through(target, options.senderProfile());
    }

    LinkRelay relay() {
        return relay;
    }

    private ServerTarget through(ServerTarget target, LinkProfile profile) throws IOException {
        URI http = target.http();
        InetSocketAddress httpAt = relay.listen(new InetSocketAddress(http.getHost(), http.getPort()), profile);
        Map<String, Integer> ports = new HashMap<>();
        for (String name : target.ports().keySet()) {
            ports.put(name, relay.listen(target.address(name), profile).getPort());
        }
        URI relayed = URI.create(http.getScheme() + "://" + http.getHost() + ":" + httpAt.getPort()
                + (http.getRawPath() == null ? "" : http.getRawPath()));
        return new ServerTarget(relayed, ports, target.secret());
    }

    @Override
    public void close() {
        relay.close();
    }
}
