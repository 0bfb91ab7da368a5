package deliverybench.driver;

import java.net.InetSocketAddress;
import java.net.URI;

/** Where the server under test is: its HTTP base, its TCP port and the secret its tokens need. */
public record ServerTarget(URI http, int tcpPort, String secret) {

    public InetSocketAddress tcp() {
        return new InetSocketAddress(http.getHost(), tcpPort);
    }
}
