package deliverybench.run;

import deliverybench.run.send.Sender;
import deliverybench.run.server.StatsReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.core.ServerCore;
import deliverybench.core.stats.StatsKeys;
import deliverybench.measure.DeliveryLedger;
import deliverybench.measure.MessageBody;
import deliverybench.strategy.Descriptor;
import deliverybench.strategy.Kind;
import deliverybench.strategy.Measured;
import deliverybench.strategy.Prediction;
import deliverybench.strategy.Strategy;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A server, a sender and push clients that exist only on a {@link ScriptedClock}: a send is accepted
 * {@link #acceptNs} after it is made and reaches every device of its user {@link #deliverNs} later,
 * with faults on cue. Its {@code /stats} counts what it did, so the server's cost can be checked exactly.
 */
final class ScriptedNetwork implements Wiring {

    static final String KEY = "scripted";
    static final int BYTES_PER_DELIVERY = 100;

    final ScriptedClock clock;
    final ClientContext clients = new ClientContext(null, null, URI.create("http://scripted"), Map.of(), 1_000, 30, true);
    final List<ReceivingDevice> devices = new ArrayList<>();
    long acceptNs = 500_000;
    long deliverNs = 2_000_000;
    /** Sends by number (from 0) that stall the sending thread, and for how long: a driver's own hiccup. */
    final Map<Integer, Long> senderStalls = new LinkedHashMap<>();
    /** Sends by number that are never delivered to device 0. */
    IntPredicate dropped = n -> false;
    private int devicesPerUser = 1;
    private long[] seqs = new long[0];
    private long delivered;
    private long sends;
    private int inFlight;
    // One lane, one send at a time, each taking acceptNs: the sender's capacity is 1 / acceptNs.
    private final java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();
    private boolean laneBusy;
    private boolean stopped;

    ScriptedNetwork(ScriptedClock clock) {
        this.clock = clock;
    }

    /** The strategy whose clients connect 1 ms after they start and register their device with this network. */
    Strategy strategy() {
        return new Strategy() {
            @Override
            public Descriptor descriptor() {
                return new Descriptor("scripted", "Scripted", KEY, Kind.PUSH, deliverybench.strategy.Transport.OWN, false, "a strategy on scripted time");
            }

            @Override
            public void serve(ServerCore core) {
            }

            @Override
            public Receiver receiver(ClientContext context, ReceivingDevice device, String token, long seed) {
                devices.add(device);
                return new Receiver() {
                    @Override
                    public void start() {
                        clock.after(1_000_000, context::countConnected);
                    }

                    @Override
                    public void drop() {
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public List<Prediction> theory(deliverybench.strategy.Workload workload, Measured measured) {
                return List.of();
            }
        };
    }

    @Override
    public ClientContext clients() {
        return clients;
    }

    @Override
    public String secret() {
        return "scripted-secret-of-enough-length-for-hs256";
    }

    @Override
    public Sender sender(DeliveryLedger ledger, String[] users, String token, int payloadBytes) {
        seqs = new long[users.length];
        devicesPerUser = devices.size() / users.length;
        return new Sender() {
            @Override
            public void send(int[] recipients, long intendedNs) {
                int n = (int) sends++;
                inFlight++;
                Long stall = senderStalls.get(n);
                if (stall != null) {
                    clock.sleepUntil(clock.nanoTime() + stall);
                }
                queue.add(() -> {
                    long sentNs = clock.nanoTime();
                    clock.after(acceptNs, () -> {
                        for (int recipient : recipients) {
                            accept(ledger, n, recipient, intendedNs, sentNs, payloadBytes);
                        }
                        inFlight--;
                        laneBusy = false;
                        pump();
                    });
                });
                pump();
            }

            private void pump() {
                if (!laneBusy && !stopped && !queue.isEmpty()) {
                    laneBusy = true;
                    queue.poll().run();
                }
            }

            @Override
            public long inFlight() {
                return inFlight;
            }

            @Override
            public long backlog() {
                return queue.size();
            }

            @Override
            public void stopSending() {
                stopped = true;
            }

            @Override
            public void close() {
            }
        };
    }

    private void accept(DeliveryLedger ledger, int n, int recipient, long intendedNs, long sentNs, int payloadBytes) {
        long seq = ++seqs[recipient];
        ledger.sent(recipient, seq);
        String body = MessageBody.encode(intendedNs, sentNs, payloadBytes);
        for (int d = recipient * devicesPerUser; d < (recipient + 1) * devicesPerUser; d++) {
            if (d == 0 && dropped.test(n)) {
                continue;
            }
            ReceivingDevice device = devices.get(d);
            clock.after(deliverNs, () -> {
                delivered++;
                device.deliver(seq, body);
            });
        }
    }

    @Override
    public StatsReader server() {
        return () -> {
            Map<String, Object> counters = new LinkedHashMap<>();
            counters.put(StatsKeys.REQUESTS, 0);
            counters.put(StatsKeys.EMPTY_RESPONSES, 0);
            counters.put(StatsKeys.MESSAGES_DELIVERED, delivered);
            counters.put(StatsKeys.BYTES_IN, 0);
            counters.put(StatsKeys.BYTES_OUT, delivered * BYTES_PER_DELIVERY);
            counters.put(StatsKeys.STORE_READS, 0);
            counters.put(StatsKeys.OPEN_CONNECTIONS, clients.connected());
            counters.put(StatsKeys.QUEUED_MESSAGES, 0);
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put(KEY, counters);
            stats.put(StatsKeys.SEND, counters);
            stats.put(StatsKeys.CPU_NS, 0);
            stats.put(StatsKeys.REQUEST_CPU_NS, 0);
            stats.put(StatsKeys.JIT_CPU_NS, 0);
            stats.put(StatsKeys.GC_CPU_NS, 0);
            stats.put(StatsKeys.JIT_COMPILE_MS, 1_000);
            stats.put(StatsKeys.CORES, 1);
            stats.put(StatsKeys.HEAP_USED_BYTES, 1_000_000);
            stats.put(StatsKeys.THREADS, 3);
            stats.put(StatsKeys.UPTIME_MS, clock.nanoTime() / 1_000_000);
            stats.put(StatsKeys.STORE, Map.of(StatsKeys.EPOCH, 1));
            JsonNode node = new ObjectMapper().valueToTree(stats);
            return node;
        };
    }
}
