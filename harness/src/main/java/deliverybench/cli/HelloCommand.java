package deliverybench.cli;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code deliverybench hello}: a bare Undertow hello handler, the ceiling a short poll is compared against with wrk. */
@Command(name = "hello", mixinStandardHelpOptions = true,
        description = "Serves a bare Undertow 'hello' on every path: the baseline for wrk comparisons.")
final class HelloCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8081", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--io-threads", description = "I/O threads (default: the cores, at least 2, as serve).")
    Integer ioThreads;

    @Override
    public Integer call() throws InterruptedException {
        // The size of an empty poll answer, so that wrk compares like with like.
        ByteBuffer hello = ByteBuffer.wrap("{\"messages\":[],\"next\":0,\"epoch\":4503599627370495}"
                .getBytes(StandardCharsets.UTF_8));
        Undertow undertow = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(ioThreads == null ? Math.max(2, Runtime.getRuntime().availableProcessors()) : ioThreads)
                .setHandler(exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    exchange.getResponseSender().send(hello.duplicate());
                })
                .build();
        undertow.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            undertow.stop();
            stopped.countDown();
        }));
        System.out.printf("deliverybench hello: http on %s:%d answers an empty poll body on every path; Ctrl-C stops it%n", host, port);
        stopped.await();
        return 0;
    }
}
