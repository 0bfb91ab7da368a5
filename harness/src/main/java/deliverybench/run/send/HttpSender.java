package deliverybench.run.send;

import deliverybench.client.Http1Connection;
import deliverybench.client.h2.H2Client;
import deliverybench.client.h2.H2Connection;
import deliverybench.measure.DeliveryLedger;
import deliverybench.tls.ClientTls;
import deliverybench.measure.MessageBody;
import deliverybench.schedule.NanoClock;
import deliverybench.schedule.PacerPriority;
import org.HdrHistogram.Histogram;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends messages with {@code POST /messages} over a few kept-alive connections, pipelined: each keeps
 * up to {@code pipeline} requests out ({@code run --sender-pipeline}), so that the rate, not a round
 * trip per request, sets the pace; with 1, each connection waits for its answer, as most clients do.
 * The send stamp ({@code now - sent}, uncorrected) is taken when a connection takes the message, so
 * time queued here counts only in the corrected latency. Under {@code run --http2} each lane is an HTTP/2
 * connection and its requests out are streams on it.
 */
public final class HttpSender implements Sender {

    /**
     * What the sender speaks: TLS (null: plaintext), and HTTP/2 through that client (null: HTTP/1.1, pipelined); with
     * {@code realtimeLane} its lanes' I/O threads run under the real-time scheduler while it lives (give it a worker
     * of its own: every connection on those threads would be raised).
     */
    public record Wire(ClientTls tls, H2Client http2, boolean realtimeLane) {
        public Wire(ClientTls tls, H2Client http2) {
            this(tls, http2, false);
        }
    }

    private static final long RECONNECT_MS = 100;

    /** A message waiting for a connection. */
    private record Pending(int[] recipients, long intendedNs, long queuedNs) {
    }

    private final SendQueue<Pending> queue = new SendQueue<>();
    private final List<Raised> raisedLanes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Lane> lanes = new ArrayList<>();
    private final NanoClock clock;
    private final InetSocketAddress server;
    private final Wire wire;
    private final String authorization;
    private final DeliveryLedger ledger;
    private final String[] userIds;
    private final byte[] requestHead;
    private final int payloadBytes;
    /** Requests out at once on one connection, unanswered. */
    private final int pipeline;
    private volatile boolean stopped;

    public HttpSender(XnioWorker worker, URI http, int connections, int pipeline, NanoClock clock, DeliveryLedger ledger,
                      String[] userIds, String token, int payloadBytes) throws IOException, InterruptedException {
        this(worker, http, new Wire(null, null), connections, pipeline, clock, ledger, userIds, token, payloadBytes);
    }

    /** @param tls the TLS to send under, null for plaintext */
    public HttpSender(XnioWorker worker, URI http, ClientTls tls, int connections, int pipeline, NanoClock clock,
                      DeliveryLedger ledger, String[] userIds, String token, int payloadBytes)
            throws IOException, InterruptedException {
        this(worker, http, new Wire(tls, null), connections, pipeline, clock, ledger, userIds, token, payloadBytes);
    }

    public HttpSender(XnioWorker worker, URI http, Wire wire, int connections, int pipeline, NanoClock clock,
                      DeliveryLedger ledger, String[] userIds, String token, int payloadBytes)
            throws IOException, InterruptedException {
        this.wire = wire;
        this.authorization = "Bearer " + token;
        this.clock = clock;
        this.pipeline = pipeline;
        this.server = new InetSocketAddress(http.getHost(), http.getPort());
        this.ledger = ledger;
        this.userIds = userIds;
        this.requestHead = ("POST /messages HTTP/1.1\r\nHost: " + http.getHost() + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
        this.payloadBytes = payloadBytes;
        if (wire.realtimeLane()) {
            raiseLanes(worker, connections);
        }
        for (int i = 0; i < connections; i++) {
            XnioIoThread thread = worker.getIoThread(i);
            IoFuture<? extends Closeable> future = open(thread);
            if (future.awaitInterruptibly(10, TimeUnit.SECONDS) != IoFuture.Status.DONE) {
                throw new IOException("sender could not connect to " + http + ": " + future.getStatus()
                        + (future.getStatus() == IoFuture.Status.FAILED ? " (" + future.getException().getMessage() + ")" : ""));
            }
            Lane lane = new Lane(thread);
            Closeable connection = future.get();
            thread.execute(() -> lane.attach(connection));
            lanes.add(lane);
        }
    }

    @Override
    public void send(int[] recipients, long intendedNs) {
        queue.add(new Pending(recipients, intendedNs, clock.nanoTime()));
        // One I/O thread woken per send, not every lane's: each wake-up is a task and a selector wake-up.
        int lane = queue.laneWithRoom(lanes.size(), i -> lanes.get(i).hasRoom);
        if (lane >= 0) {
            lanes.get(lane).wake();
        } else {
            lanes.forEach(Lane::wake);
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

    /** Raises each I/O thread the lanes write on, on that thread (the kernel id is the calling thread's). */
    private void raiseLanes(XnioWorker worker, int connections) {
        java.util.Set<XnioIoThread> threads = new java.util.LinkedHashSet<>();
        for (int i = 0; i < connections; i++) {
            threads.add(worker.getIoThread(i));
        }
        for (XnioIoThread thread : threads) {
            java.util.concurrent.CompletableFuture.supplyAsync(PacerPriority::raiseQuietly, thread)
                    .thenAccept(raised -> {
                        if (raised != null) {
                            raisedLanes.add(new Raised(thread, raised));
                        }
                    }).join();
        }
    }

    /** A lane's I/O thread under the real-time scheduler, lowered again on close. */
    private record Raised(XnioIoThread thread, PacerPriority priority) {
    }

    @Override
    public void close() {
        for (Raised raised : raisedLanes) {
            try {
                raised.thread().execute(raised.priority()::close);
            } catch (RejectedExecutionException e) {
                // The worker is shutting down: its threads end with it.
            }
        }
        for (Lane lane : lanes) {
            lane.thread.execute(() -> {
                lane.closing = true;
                if (lane.http != null) {
                    IoUtils.safeClose(lane.http.connection());
                }
                IoUtils.safeClose(lane.h2);
            });
        }
    }

    /** One kept-alive connection with its requests out, reconnected when it breaks; touched only on its I/O thread. */
    private final class Lane {
        final XnioIoThread thread;
        final ArrayDeque<Pending> out = new ArrayDeque<>();
        final AtomicBoolean pumpDue = new AtomicBoolean();
        /** Queued and taken times of the sends of one pump, recorded once they are written. */
        final long[] stamps = new long[2 * pipeline];
        /** Connected with room in its pipeline, as of its last pump: the pacer's hint of where to send. */
        volatile boolean hasRoom;
        Http1Connection http;
        H2Connection h2;
        boolean connecting = true;
        boolean closing;

        Lane(XnioIoThread thread) {
            this.thread = thread;
        }

        /** Has the I/O thread pump, unless a pump is already due there (it takes what is queued by then). */
        void wake() {
            if (pumpDue.compareAndSet(false, true)) {
                try {
                    thread.execute(() -> {
                        pumpDue.set(false);
                        pump();
                    });
                } catch (RejectedExecutionException e) {
                    // The driver is shutting down: nothing more will be sent.
                }
            }
        }

        void attach(Closeable opened) {
            if (opened instanceof H2Connection multiplexed) {
                h2 = multiplexed;
                multiplexed.onClose(() -> {
                    if (!closing) {
                        reconnect();
                    }
                });
            } else {
                StreamConnection connection = (StreamConnection) opened;
                Http1Connection attached = new Http1Connection(connection);
                // The requests that answers made room for go out after the read's last answer, together.
                attached.afterAnswers(this::pump);
                connection.setCloseListener(c -> {
                    attached.closed();
                    if (!closing) {
                        reconnect();
                    }
                });
                http = attached;
            }
            connecting = false;
            pump();
        }

        boolean isOpen() {
            return h2 != null ? h2.isOpen() : http.isOpen();
        }

        void pump() {
            if (connecting || (http == null && h2 == null)) {
                hasRoom = false;
                return;
            }
            if (http != null) {
                // All this pump takes goes out in one write.
                http.cork();
            }
            int taken = 0;
            try {
                taken = take();
            } finally {
                if (http != null) {
                    http.uncork();
                }
            }
            long writtenNs = clock.nanoTime();
            for (int i = 0; i < taken; i++) {
                queue.written(stamps[2 * i], stamps[2 * i + 1], writtenNs);
            }
            hasRoom = !stopped && isOpen() && out.size() < pipeline;
        }

        /** Writes the sends waiting, as many as the pipeline has room for; their stamps go to {@link #stamps}. */
        private int take() {
            int taken = 0;
            while (!stopped && isOpen() && out.size() < pipeline) {
                Pending next = queue.take();
                if (next == null) {
                    break;
                }
                out.add(next);
                long takenNs = clock.nanoTime();
                stamps[2 * taken] = next.queuedNs();
                stamps[2 * taken + 1] = takenNs;
                taken++;
                String body = MessageBody.encode(next.intendedNs(), takenNs, payloadBytes);
                Http1Connection.Answer answer = new Http1Connection.Answer() {
                    @Override
                    public void answered(int status, ByteBuffer answer) {
                        out.poll();
                        ledger.answers().answered(next.recipients(), takenNs, clock.nanoTime(), status == 202);
                        SendJson.account(ledger, next.recipients(),
                                status == 202 ? StandardCharsets.US_ASCII.decode(answer).toString() : null);
                        queue.done(1);
                        if (h2 != null) {
                            pump();
                        }
                    }

                    @Override
                    public void failed(IOException error) {
                        // Not known to be stored: a send error (a delivery of it would still be counted).
                        out.poll();
                        ledger.answers().answered(next.recipients(), takenNs, clock.nanoTime(), false);
                        ledger.sendFailed(next.recipients().length);
                        queue.done(1);
                    }
                };
                String json = SendJson.request(userIds, next.recipients(), body);
                if (h2 != null) {
                    h2.post("/messages", json.getBytes(StandardCharsets.UTF_8), answer, "authorization", authorization,
                            "content-type", "application/json");
                } else {
                    http.request(request(json), answer);
                }
            }
            return taken;
        }

        private ByteBuffer request(String json) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            return ByteBuffer.allocate(requestHead.length + length.length + body.length)
                    .put(requestHead).put(length).put(body).flip();
        }

        /** The server went away (a restart): connect again, 100 ms apart, keeping the queue. */
        private void reconnect() {
            connecting = true;
            hasRoom = false;
            open(thread).addNotifier(new IoFuture.HandlingNotifier<Closeable, Void>() {
                        @Override
                        public void handleDone(Closeable result, Void attachment) {
                            thread.execute(() -> attach(result));
                        }

                        @Override
                        public void handleFailed(IOException exception, Void attachment) {
                            thread.executeAfter(Lane.this::reconnect, RECONNECT_MS, TimeUnit.MILLISECONDS);
                        }
                    }, null);
        }
    }

    private IoFuture<? extends Closeable> open(XnioIoThread thread) {
        if (wire.http2() != null) {
            return wire.http2().connect(thread, server, 0);
        }
        OptionMap options = OptionMap.create(Options.TCP_NODELAY, true);
        return wire.tls() == null ? thread.openStreamConnection(server, null, options) : wire.tls().open(thread, server, options);
    }
}
