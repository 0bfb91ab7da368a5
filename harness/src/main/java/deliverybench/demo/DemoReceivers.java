package deliverybench.demo;

import deliverybench.auth.TokenMinter;
import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.strategy.Strategy;
import io.undertow.server.DefaultByteBufferPool;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo users of the strategies a browser cannot speak (raw TCP): each gets the strategy's own
 * client inside the demo process, so that its panel's counters, read from {@code /stats}, show it delivering.
 */
final class DemoReceivers implements AutoCloseable {

    private final XnioWorker worker;
    private final List<Receiver> receivers = new ArrayList<>();

    DemoReceivers(List<Strategy> strategies, URI http, Map<String, Integer> ports, String secret) throws java.io.IOException {
        this.worker = Xnio.getInstance(DemoReceivers.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, 1)
                .set(Options.WORKER_TASK_CORE_THREADS, 1)
                .set(Options.WORKER_TASK_MAX_THREADS, 1)
                .set(Options.WORKER_NAME, "demo-receivers")
                .getMap());
        // Poll knobs are unused: these are push clients (a poll needs no stand-in, a browser can poll).
        ClientContext context = new ClientContext(worker, new DefaultByteBufferPool(false, 16 * 1024), http, ports,
                1_000, 30, true);
        TokenMinter minter = new TokenMinter(secret);
        for (Strategy strategy : strategies) {
            Receiver receiver = strategy.receiver(context, new Resume(),
                    minter.mint(strategy.name(), DemoRoutes.TOKEN_VALIDITY), 1);
            receivers.add(receiver);
            receiver.start();
        }
    }

    @Override
    public void close() {
        receivers.forEach(Receiver::close);
        worker.shutdownNow();
    }

    /** Where one in-process device resumes: what it has seen, nothing more (its panel reads the server's counters). */
    private static final class Resume implements ReceivingDevice {
        private volatile long after;
        private volatile long epoch;

        @Override
        public long resumeAfter() {
            return after;
        }

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public void epoch(long serverEpoch) {
            epoch = serverEpoch;
        }

        @Override
        public void gone(long after, long serverEpoch) {
            this.after = after;
            this.epoch = serverEpoch;
        }

        @Override
        public void deliver(long seq, String body) {
            after = Math.max(after, seq);
        }
    }
}
