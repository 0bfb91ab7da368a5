package deliverybench.run;

import deliverybench.link.LinkProfile;
import deliverybench.link.LinkRelay;
import deliverybench.link.LinkTap;
import deliverybench.options.NetworkOptions;
import deliverybench.run.server.ServerTarget;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * run --network: the run's one link relay, and each server's addresses as its clients and its sender reach them.
 * With --radio alone, the relay carries only the sampled devices, on the {@code loopback} profile.
 */
final class EmulatedNetwork implements AutoCloseable {

    private final NetworkOptions options;
    private final LinkRelay relay;

    private EmulatedNetwork(NetworkOptions options, LinkRelay relay) {
        this.options = options;
        this.relay = relay;
    }

    /** The run's network, or null when the clients talk to the server directly and no device is recorded. */
    static EmulatedNetwork of(NetworkOptions options, boolean radio, long seed) throws IOException {
        return options.enabled() || radio ? new EmulatedNetwork(options, new LinkRelay(options.natIdleNs(), seed)) : null;
    }

    /** Where the receivers connect: every listener of {@code target} behind the receivers' link. */
    ServerTarget clients(ServerTarget target) throws IOException {
        return options.enabled() ? through(target, options.profile(), LinkTap.NONE, null) : target;
    }

    /** Where the sender connects: behind the sender's link. */
    ServerTarget sender(ServerTarget target) throws IOException {
        return options.enabled() ? through(target, options.senderProfile(), LinkTap.NONE, null) : target;
    }

    /**
     * Where one recorded device connects: listeners of its own on the receivers' link (loopback without --network)
     * that tell {@code tap} of its bytes; their addresses are added to {@code opened}, to be closed after the run.
     */
    ServerTarget device(ServerTarget target, LinkTap tap, List<InetSocketAddress> opened) throws IOException {
        LinkProfile profile = options.enabled() ? options.profile() : LinkProfile.parse("loopback");
        return through(target, profile, tap, opened);
    }

    LinkRelay relay() {
        return relay;
    }

    private ServerTarget through(ServerTarget target, LinkProfile profile, LinkTap tap, List<InetSocketAddress> opened)
            throws IOException {
        URI http = target.http();
        InetSocketAddress httpAt = relay.listen(new InetSocketAddress(http.getHost(), http.getPort()), profile, tap);
        Map<String, Integer> ports = new HashMap<>();
        for (String name : target.ports().keySet()) {
            InetSocketAddress at = relay.listen(target.address(name), profile, tap);
            ports.put(name, at.getPort());
            if (opened != null) {
                opened.add(at);
            }
        }
        if (opened != null) {
            opened.add(httpAt);
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
