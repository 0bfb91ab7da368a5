package deliverybench.cli;

import deliverybench.auth.TokenMinter;
import deliverybench.core.ServerConfig;
import deliverybench.demo.DemoServer;
import deliverybench.strategy.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.BindException;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code deliverybench demo}: the server with the classroom page, where the browser is every strategy's client. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Serves every strategy and a classroom page at /demo/ where the browser is the client of each, "
                + "side by side, until Ctrl-C.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}). "
            + "The page hands out tokens for any user: keep it on loopback.")
    String host;

    @Option(names = "--http-port", defaultValue = "8080",
            description = "Port of the page and of every HTTP strategy; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--tcp-port", defaultValue = "9090",
            description = "Raw TCP push port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--secret", description = "HS256 secret for tokens, to mint more with `token` (default: $"
            + ServeCommand.SECRET_ENV + ", else a random one).")
    String secret;

    @Override
    public Integer call() throws Exception {
        String key = secret != null ? secret : System.getenv(ServeCommand.SECRET_ENV);
        ServerConfig config = ServerConfig.defaults(host, httpPort, tcpPort,
                key == null || key.isEmpty() ? TokenMinter.randomSecret() : key).withMqttPort(0);
        DemoServer demo;
        try {
            demo = DemoServer.start(config);
        } catch (BindException e) {
            System.err.printf("deliverybench demo: cannot bind %s (http %d, tcp %d): %s; "
                    + "is another server running? --http-port 0 --tcp-port 0 picks free ports%n",
                    host, httpPort, tcpPort, e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            System.out.println("deliverybench demo: stopped");
            stopped.countDown();
        }, "deliverybench-shutdown"));
        System.out.printf("deliverybench demo: open %s%n", demo.page());
        StringBuilder ports = new StringBuilder();
        demo.server().ports().forEach((name, port) -> ports.append(ports.length() == 0 ? "" : ", ")
                .append(name).append(' ').append(port));
        System.out.printf("  the delivery server, every strategy, on the same ports (%s); each panel is a user of its own:%n",
                ports);
        for (Strategy strategy : demo.panels()) {
            System.out.printf("  %-12s %s%n", strategy.name(), demo.browserClients().contains(strategy.name())
                    ? "the browser's own client" : "a client inside this process (a browser cannot speak it); "
                    + "its panel shows the server's counters");
        }
        System.out.println("  /demo/api/token hands the page a token for any user: a demo-only route (serve has none)"
                + (InetAddress.getByName(host).isLoopbackAddress() ? ", answered on loopback only."
                : "; WARNING: bound to " + host + ", so anyone who reaches this port gets tokens."));
        System.out.println("  Ctrl-C stops it.");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
