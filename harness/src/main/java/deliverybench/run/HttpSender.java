package deliverybench.run;

import deliverybench.client.HttpCall;
import deliverybench.measure.DeliveryLedger;
import deliverybench.measure.MessageBody;
import deliverybench.schedule.NanoClock;

import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends messages with {@code POST /messages} over a small pool of kept-alive connections, one
 * request in flight per connection. The send stamp ({@code now - sent}, uncorrected) is taken when
 * a connection actually takes the message, so time queued here counts only in the corrected latency.
 */
public final class HttpSender implements Sender {

    /** A message waiting for a connection. */
    private record Pending(int[] recipients, long intendedNs) {
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final List<Lane> lanes = new ArrayList<>();
    private final NanoClock clock;
    private final ByteBufferPool pool;
    private final URI http;
    private final DeliveryLedger ledger;
    private final String[] userIds;
    private final String token;
    private final int payloadBytes;
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private volatile boolean stopped;

    public HttpSender(XnioWorker worker, ByteBufferPool pool, URI http, int connections, NanoClock clock,
                      DeliveryLedger ledger, String[] userIds, String token, int payloadBytes)
            throws IOException, InterruptedException {
        this.clock = clock;
        this.pool = pool;
        this.http = http;
        this.ledger = ledger;
        this.userIds = userIds;
        this.token = token;
        this.payloadBytes = payloadBytes;
        for (int i = 0; i < connections; i++) {
            XnioIoThread thread = worker.getIoThread(i);
            IoFuture<ClientConnection> future = UndertowClient.getInstance().connect(http, thread, pool,
                    OptionMap.create(Options.TCP_NODELAY, true));
            if (future.awaitInterruptibly(10, TimeUnit.SECONDS) != IoFuture.Status.DONE) {
                throw new IOException("sender could not connect to " + http + ": " + future.getStatus());
            }
            lanes.add(new Lane(thread, future.get()));
        }
    }

    @Override
    public void send(int[] recipients, long intendedNs) {
        queue.add(new Pending(recipients, intendedNs));
        inFlight.increment();
        queued.increment();
        for (Lane lane : lanes) {
            try {
                lane.thread.execute(lane::pump);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The driver is shutting down: nothing more will be sent.
                return;
            }
        }
    }

    @Override
    public long inFlight() {
        return inFlight.sum();
    }

    @Override
    public long backlog() {
        return queued.sum();
    }

    @Override
    public void stopSending() {
        stopped = true;
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.thread.execute(() -> IoUtils.safeClose(lane.connection));
        }
    }

    /** One kept-alive connection, reconnected when it breaks; touched only on its I/O thread. */
    private final class Lane {
        final XnioIoThread thread;
        ClientConnection connection;
        boolean busy;
        boolean connecting;

        Lane(XnioIoThread thread, ClientConnection connection) {
            this.thread = thread;
            this.connection = connection;
        }

        void pump() {
            if (busy || connecting || stopped) {
                return;
            }
            if (!connection.isOpen()) {
                reconnect();
                return;
            }
            Pending next = queue.poll();
            if (next == null) {
                return;
            }
            queued.decrement();
            busy = true;
            String body = MessageBody.encode(next.intendedNs(), clock.nanoTime(), payloadBytes);
            HttpCall.post(connection, pool, "/messages", token, SendJson.request(userIds, next.recipients(), body),
                    new HttpCall.Answer() {
                        @Override
                        public void response(int status, String answer) {
                            SendJson.account(ledger, next.recipients(), status == 202 ? answer : null);
                            done();
                        }

                        @Override
                        public void failed(IOException error) {
                            ledger.sendFailed(next.recipients().length);
                            done();
                        }
                    });
        }

        private void done() {
            busy = false;
            inFlight.decrement();
            pump();
        }

        /** The server went away (a restart): connect again, 100 ms apart, keeping the queue. */
        private void reconnect() {
            connecting = true;
            UndertowClient.getInstance().connect(http, thread, pool, OptionMap.create(Options.TCP_NODELAY, true))
                    .addNotifier(new IoFuture.HandlingNotifier<ClientConnection, Void>() {
                        @Override
                        public void handleDone(ClientConnection result, Void attachment) {
                            connection = result;
                            connecting = false;
                            pump();
                        }

                        @Override
                        public void handleFailed(IOException exception, Void attachment) {
                            thread.executeAfter(Lane.this::reconnect, 100, TimeUnit.MILLISECONDS);
                        }
                    }, null);
        }
    }
}
