package deliverybench.strategy.shortpoll;

import deliverybench.client.ClientContext;
import deliverybench.client.ReceivingDevice;
import deliverybench.core.ServerConfig;
import deliverybench.core.limits.ConnectionLimits;
import deliverybench.testkit.Await;
import deliverybench.testkit.CollectingDevice;
import deliverybench.testkit.TestServer;
import io.undertow.server.DefaultByteBufferPool;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short-poll device polls first at its phase, then once every interval from there (never twice in an interval), and a
 * connection the server cuts between polls neither shifts that schedule nor is reopened before the next poll.
 */
class ShortPollScheduleTest {

    private static final int INTERVAL_MS = 600;
    // The gaps may stretch by a timer's slack on a loaded 2-core machine, never shrink by the phase.
    private static final long SLACK_MS = 120;

    @Test
    void aDevicePollsAtItsPhaseThenEveryIntervalFromThere() throws Exception {
        try (TestServer server = new TestServer()) {
            assertOnItsGrid(server, 4);
        }
    }

    @Test
    void aConnectionCutBetweenPollsIsReopenedAtTheNextPollAndKeepsTheSchedule() throws Exception {
        // The server cuts a connection idle for 250 ms: before the first poll (at about 300 ms) and after each one.
        ConnectionLimits limits = ConnectionLimits.DEFAULT;
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET).withConnectionLimits(new ConnectionLimits(
                limits.handshakesPerAddress(), limits.helloTimeoutMs(), 250, 250, limits.bodyBufferBytes()));
        try (TestServer server = new TestServer(config)) {
            long reconnects = assertOnItsGrid(server, 4);
            // One reopening per poll at most, not one every backoff while the device has nothing to ask.
            assertTrue(reconnects <= 4, reconnects + " reconnects for 4 polls");
        }
    }

    /** Runs one device to {@code polls} polls and asserts their times; returns its reconnects. */
    private static long assertOnItsGrid(TestServer server, int polls) throws Exception {
        long seed = seedWithPhaseNearHalfTheInterval();
        long phaseMs = new SplittableRandom(seed).nextLong(INTERVAL_MS);
        XnioWorker worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        try {
            ClientContext context = new ClientContext(worker, new DefaultByteBufferPool(false, 16 * 1024),
                    URI.create("http://127.0.0.1:" + server.server.httpPort()), Map.of(), INTERVAL_MS, 5, true);
            TimedDevice device = new TimedDevice();
            ShortPollReceiver receiver = new ShortPollReceiver(context, device, server.token("phase"), seed);
            long startNs = System.nanoTime();
            receiver.start();
            Await.until(() -> device.polls() >= polls, TestServer.WAIT, () -> polls + " polls, got " + device.polls());
            receiver.close();
            List<Long> atMs = device.pollsMsAfter(startNs);

            // The first poll waits for the phase, not for a whole interval.
            assertTrue(atMs.get(0) >= phaseMs && atMs.get(0) < phaseMs + SLACK_MS,
                    "first poll at " + atMs.get(0) + " ms, phase " + phaseMs + " ms: " + atMs);
            for (int i = 1; i < atMs.size(); i++) {
                long gapMs = atMs.get(i) - atMs.get(i - 1);
                assertTrue(gapMs >= INTERVAL_MS - 20 && gapMs < INTERVAL_MS + SLACK_MS,
                        "poll " + i + " came " + gapMs + " ms after the one before, interval " + INTERVAL_MS
                                + " ms, phase " + phaseMs + " ms: " + atMs);
            }
            return context.reconnects();
        } finally {
            worker.shutdownNow();
        }
    }

    /** A phase well inside the interval, so that a poll at the interval's end would come much too early. */
    private static long seedWithPhaseNearHalfTheInterval() {
        for (long seed = 1; ; seed++) {
            long phaseMs = new SplittableRandom(seed).nextLong(INTERVAL_MS);
            if (phaseMs > INTERVAL_MS * 0.4 && phaseMs < INTERVAL_MS * 0.6) {
                return seed;
            }
        }
    }

    /** Notes when each poll is sent: a poll asks the device where to resume once, as it writes its request. */
    private static final class TimedDevice implements ReceivingDevice {
        private final CollectingDevice messages = new CollectingDevice();
        private final List<Long> pollNs = new ArrayList<>();

        synchronized int polls() {
            return pollNs.size();
        }

        synchronized List<Long> pollsMsAfter(long startNs) {
            return pollNs.stream().map(ns -> TimeUnit.NANOSECONDS.toMillis(ns - startNs)).toList();
        }

        @Override
        public long resumeAfter() {
            synchronized (this) {
                pollNs.add(System.nanoTime());
            }
            return messages.resumeAfter();
        }

        @Override
        public long epoch() {
            return messages.epoch();
        }

        @Override
        public void epoch(long serverEpoch) {
            messages.epoch(serverEpoch);
        }

        @Override
        public void gone(long after, long serverEpoch) {
            messages.gone(after, serverEpoch);
        }

        @Override
        public void deliver(long seq, String body) {
            messages.deliver(seq, body);
        }
    }
}
