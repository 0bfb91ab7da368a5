package deliverybench.run.send;

import deliverybench.client.ClientContext;
import deliverybench.client.SendLink;
import deliverybench.measure.DeliveryLedger;
import deliverybench.measure.MessageBody;
import deliverybench.schedule.NanoClock;
import org.HdrHistogram.Histogram;
import deliverybench.strategy.Strategy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends over push connections of the strategy's own kind (contract v3), pipelined: each link keeps up
 * to {@code pipeline} sends out ({@code run --sender-pipeline}) and matches the answers by id. As with {@link HttpSender}, the send
 * stamp is taken when a link takes the message, so time queued here counts only in corrected latency.
 */
public final class ConnectionSender implements Sender {

    private static final long RECONNECT_MS = 100;

    private record Pending(int recipient, long intendedNs, long queuedNs) {
    }

    private final SendQueue<Pending> queue = new SendQueue<>();
    private final Lane[] lanes;
    private final Strategy strategy;
    private final ClientContext context;
    private final NanoClock clock;
    private final DeliveryLedger ledger;
    private final String[] userIds;
    private final String token;
    private final int payloadBytes;
    /** Sends out at once on one link, unanswered. */
    private final int pipeline;
    private volatile boolean stopped;
    private volatile boolean closed;

    public ConnectionSender(Strategy strategy, ClientContext context, int links, int pipeline, NanoClock clock,
                            DeliveryLedger ledger, String[] userIds, String token, int payloadBytes) {
        this.strategy = strategy;
        this.pipeline = pipeline;
        this.context = context;
        this.clock = clock;
        this.ledger = ledger;
        this.userIds = userIds;
        this.token = token;
        this.payloadBytes = payloadBytes;
        this.lanes = new Lane[links];
        for (int i = 0; i < links; i++) {
            lanes[i] = new Lane();
            lanes[i].open();
        }
    }

    @Override
    public void send(int[] recipients, long intendedNs) {
        if (recipients.length != 1) {
            throw new IllegalArgumentException("a send over the connection has one recipient (contract v3)");
        }
        queue.add(new Pending(recipients[0], intendedNs, clock.nanoTime()));
        int lane = queue.laneWithRoom(lanes.length, i -> lanes[i].hasRoom);
        if (lane >= 0) {
            lanes[lane].schedulePump();
        } else {
            for (Lane each : lanes) {
                each.schedulePump();
            }
        }
    }

    @Override
    public Histogram intervalHandoffNs() {
        return queue.intervalHandoffNs();
    }

    @Override
    public Histogram intervalWriteNs() {
        return queue.intervalWriteNs();
    }

    @Override
    public long inFlight() {
        return queue.inFlight();
    }

    @Override
    public long backlog() {
        return queue.backlog();
    }

    @Override
    public void stopSending() {
        stopped = true;
    }

    @Override
    public void close() {
        closed = true;
        for (Lane lane : lanes) {
            if (lane.link != null) {
                lane.link.close();
            }
        }
    }

    /** One link and the sends it has out; touched only on its I/O thread once open. */
    private final class Lane implements SendLink.Listener {
        private final Map<Long, Pending> out = new HashMap<>();
        private final Map<Long, Long> writtenNs = new HashMap<>();
        private final AtomicBoolean pumpDue = new AtomicBoolean();
        private volatile SendLink link;
        private volatile boolean open;
        /** Open with room in its pipeline, as of its last pump: the pacer's hint of where to send. */
        private volatile boolean hasRoom;
        private long nextId = 1;

        void open() {
            link = strategy.sendLink(context, token, this);
        }

        /** Has the link's I/O thread pump, unless a pump is already due there (it takes what is queued by then). */
        void schedulePump() {
            SendLink current = link;
            if (open && current != null && pumpDue.compareAndSet(false, true)) {
                try {
                    current.thread().execute(() -> {
                        pumpDue.set(false);
                        pump();
                    });
                } catch (RejectedExecutionException e) {
                    // The driver is shutting down: nothing more will be sent.
                }
            }
        }

        private void pump() {
            while (open && !stopped && out.size() < pipeline) {
                Pending next = queue.take();
                if (next == null) {
                    break;
                }
                long id = nextId++;
                out.put(id, next);
                long takenNs = clock.nanoTime();
                writtenNs.put(id, takenNs);
                link.send(id, userIds[next.recipient()], MessageBody.encode(next.intendedNs(), takenNs, payloadBytes));
                queue.written(next.queuedNs(), takenNs, clock.nanoTime());
            }
            hasRoom = open && !stopped && out.size() < pipeline;
        }

        @Override
        public void opened(SendLink opened) {
            open = true;
            pump();
        }

        @Override
        public void sent(long id, long seq) {
            Pending pending = out.remove(id);
            if (pending != null) {
                ledger.answers().answered(new int[] {pending.recipient()}, writtenNs.remove(id), clock.nanoTime(), true);
                ledger.sent(pending.recipient(), seq);
                queue.done(1);
            }
            pump();
        }

        @Override
        public void refused(long id, int status, String error) {
            Pending pending = out.remove(id);
            if (pending != null) {
                ledger.answers().answered(new int[] {pending.recipient()}, writtenNs.remove(id), clock.nanoTime(), false);
                ledger.sendFailed();
                queue.done(1);
            }
            pump();
        }

        @Override
        public void closed(SendLink gone) {
            open = false;
            hasRoom = false;
            // Unanswered: not known to be stored, so not counted sent (a delivery of one still counts).
            long now = clock.nanoTime();
            for (Map.Entry<Long, Pending> unanswered : out.entrySet()) {
                ledger.answers().answered(new int[] {unanswered.getValue().recipient()}, writtenNs.get(unanswered.getKey()), now, false);
            }
            ledger.sendFailed(out.size());
            queue.done(out.size());
            out.clear();
            writtenNs.clear();
            if (!closed) {
                gone.thread().executeAfter(this::open, RECONNECT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }
}
