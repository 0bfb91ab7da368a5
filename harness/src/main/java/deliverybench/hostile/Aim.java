package deliverybench.hostile;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;

/** Where a storm aims: the server's HTTP and TCP ports, and valid tokens of many users, as an attacker with an account has. */
record Aim(InetSocketAddress http, InetSocketAddress tcp, List<String> tokens) {

    String token(SplittableRandom random) {
        return tokens.get(random.nextInt(tokens.size()));
    }
}
