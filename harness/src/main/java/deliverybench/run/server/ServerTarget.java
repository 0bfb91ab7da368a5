package deliverybench.run.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/**
 * Where the server under test is: its HTTP base, the ports of the strategies' own listeners by name
 * ({@code tcp}), and the secret its tokens need.
 */
public record ServerTarget(URI http, Map<String, Integer> ports, String secret) {

    public ServerTarget {
        ports = Map.copyOf(ports);
    }

    public InetSocketAddress address(String listener) {
        Integer port = ports.get(listener);
        if (port == null) {
            throw new IllegalArgumentException("the server has no '" + listener + "' listener; it has " + ports.keySet());
        }
        return new InetSocketAddress(http.getHost(), port);
    }
}
