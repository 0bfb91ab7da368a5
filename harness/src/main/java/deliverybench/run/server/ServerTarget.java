package deliverybench.run.server;

import deliverybench.tls.ClientTls;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/**
 * Where the server under test is: its HTTP base ({@code https://} under TLS), the ports of the strategies' own
 * listeners by name ({@code tcp}), the secret its tokens need, and the TLS its clients speak (null: plaintext).
 */
public record ServerTarget(URI http, Map<String, Integer> ports, String secret, ClientTls tls) {

    public ServerTarget {
        ports = Map.copyOf(ports);
        if ((tls != null) != "https".equals(http.getScheme())) {
            throw new IllegalArgumentException("TLS and an https:// base go together, was " + http);
        }
    }

    public ServerTarget(URI http, Map<String, Integer> ports, String secret) {
        this(http, ports, secret, null);
    }

    public InetSocketAddress address(String listener) {
        Integer port = ports.get(listener);
        if (port == null) {
            throw new IllegalArgumentException("the server has no '" + listener + "' listener; it has " + ports.keySet());
        }
        return new InetSocketAddress(http.getHost(), port);
    }

    /** The same server, its clients never resuming a TLS session ({@code run --tls-resume off}). */
    public ServerTarget withoutResumption() {
        return tls == null ? this : new ServerTarget(http, ports, secret, new ClientTls(tls.trusted(), false));
    }
}
