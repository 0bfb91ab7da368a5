package deliverybench.run.broker;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.auth.TokenMinter;
import deliverybench.client.ClientContext;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.Receiver;
import deliverybench.client.SendLink;
import deliverybench.core.stats.StatsKeys;
import deliverybench.strategy.mqtt.BrokerReference;
import deliverybench.strategy.mqtt.MqttPush;
import deliverybench.testkit.Await;
import io.undertow.server.DefaultByteBufferPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The driver's MQTT devices and sender against a real mosquitto, as {@code run --broker mosquitto} uses
 * them: numbered messages arrive in order, a dropped device resumes from the broker's persistent session
 * without loss, and the probe reads the broker's process and its clients' wire.
 */
@Tag("mosquitto")
class MosquittoTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private XnioWorker worker;
    private Mosquitto broker;

    /** What a device was handed: the seqs, in arrival order. */
    private static final class Seqs implements ReceivingDevice {
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();

        @Override
        public long resumeAfter() {
            return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
        }

        @Override
        public long epoch() {
            return 0;
        }

        @Override
        public void epoch(long serverEpoch) {
        }

        @Override
        public void gone(long after, long serverEpoch) {
            throw new AssertionError("a broker says no gone");
        }

        @Override
        public void deliver(long seq, String body) {
            seqs.add(seq);
            bodies.add(body);
        }
    }

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        assumeTrue(Mosquitto.binary() != null, "skipped: " + Mosquitto.INSTALL_HINT);
        broker = Mosquitto.start(dir, 1_000);
        assertTrue(Files.readString(dir.resolve("mosquitto.conf")).contains("listener " + broker.port() + " 127.0.0.1"));
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
    }

    @AfterEach
    void stop() throws Exception {
        if (worker != null) {
            worker.shutdownNow();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void numberedMessagesArriveInOrderAndADroppedDeviceResumesWithoutLoss() throws Exception {
        ClientContext context = new ClientContext(worker, new DefaultByteBufferPool(false, 16 * 1024),
                URI.create("http://127.0.0.1:0"), Map.of(MqttPush.LISTENER, broker.port()), 1_000, 30, false);
        BrokerReference reference = new BrokerReference("mosquitto");
        TokenMinter minter = new TokenMinter("broker-test-secret-of-enough-length-for-hs256");
        Seqs alice = new Seqs();
        Receiver device = reference.receiver(context, alice, minter.mint("alice", Duration.ofHours(1)), 1);
        device.start();
        Await.until(() -> reference.wire().open.sum() == 1, WAIT, "the device connected");
        Thread.sleep(200);
        List<long[]> acked = new CopyOnWriteArrayList<>();
        SendLink[] opened = new SendLink[1];
        SendLink link = reference.sendLink(context, minter.mint("sender", Duration.ofHours(1)), new SendLink.Listener() {
            @Override
            public void opened(SendLink l) {
                opened[0] = l;
            }

            @Override
            public void sent(long id, long seq) {
                acked.add(new long[]{id, seq});
            }

            @Override
            public void refused(long id, int status, String error) {
                throw new AssertionError("refused " + id + ": " + error);
            }

            @Override
            public void closed(SendLink l) {
            }
        });
        Await.until(() -> opened[0] != null, WAIT, "the send link's CONNACK");
        for (int i = 1; i <= 5; i++) {
            long id = i;
            link.thread().execute(() -> link.send(id, "alice", "body " + id));
        }
        Await.untilEquals(List.of(1L, 2L, 3L, 4L, 5L), () -> alice.seqs, WAIT, "seqs at the device");
        Await.until(() -> acked.size() == 5, WAIT, "five PUBACKs at the sender");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), acked.stream().map(a -> a[1]).toList(), "the driver's own seqs");
        assertEquals("body 1", alice.bodies.get(0));

        device.drop();
        for (int i = 6; i <= 8; i++) {
            long id = i;
            link.thread().execute(() -> link.send(id, "alice", "body " + id));
        }
        Await.untilEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), () -> alice.seqs, WAIT,
                "seqs after a drop: the broker kept the persistent session's messages");

        JsonNode stats = new BrokerStatsReader(reference, broker).stats();
        assertEquals(8, stats.path("mosquitto").path(StatsKeys.MESSAGES_DELIVERED).asLong());
        Await.until(() -> acked.size() == 8, WAIT, "eight PUBACKs at the sender");
        assertEquals(8, new BrokerStatsReader(reference, broker).stats().path(StatsKeys.SEND).path(StatsKeys.MESSAGES_DELIVERED).asLong());
        assertTrue(stats.path("mosquitto").path(StatsKeys.BYTES_OUT).asLong() > 8 * 30, "bytes the device read");
        assertTrue(stats.path(StatsKeys.THREADS).asLong() >= 1);
        assertTrue(stats.path(StatsKeys.HEAP_USED_BYTES).asLong() > 0, "the broker's resident memory");
        device.close();
        link.close();
    }

    @Test
    void theProcStatParserReadsCpuThreadsAndResidentMemory() {
        String stat = "4242 (mos quitto) S 1 4242 4242 0 -1 4194560 120 0 0 0 250 50 0 0 20 0 3 0 100 1000 200";
        ProcessStat parsed = ProcessStat.parse(stat, "Name:\tmosquitto\nVmRSS:\t    5120 kB\nThreads:\t3\n");
        assertEquals(300 * 10_000_000L, parsed.cpuNs());
        assertEquals(3, parsed.threads());
        assertEquals(5_120 * 1_024, parsed.rssBytes());
    }
}
