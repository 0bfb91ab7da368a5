package deliverybench.strategy.shortpoll;

import deliverybench.client.ClientContext;
import deliverybench.client.PollConnection;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import org.xnio.XnioExecutor;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A device that asks at its phase and then every interval, on its own schedule whatever happens to its connection; a
 * tick that finds the last poll still out is sent when it answers. A connection the server cuts between polls is
 * reopened at the next poll. An interval of 0 asks again as soon as answered: as busy as wrk's connections.
 */
final class ShortPollReceiver implements Receiver, PollConnection.Policy {

    private final ClientContext context;
    private final PollConnection poll;
    private final long phaseMs;
    private XnioExecutor.Key ticker;
    private boolean closed;

    ShortPollReceiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        this.context = context;
        // Spread the polls of many clients evenly over the interval instead of all at once.
        this.phaseMs = new SplittableRandom(seed).nextLong(Math.max(1, context.pollIntervalMs()));
        this.poll = new PollConnection(context, device, token, 0, this);
    }

    @Override
    public void start() {
        poll.start();
        if (context.pollIntervalMs() > 0) {
            // The schedule is the device's, from its start: a reconnect neither restarts nor shifts it.
            poll.thread().execute(() -> ticker = poll.thread().executeAfter(this::firstPoll, phaseMs,
                    TimeUnit.MILLISECONDS));
        }
    }

    private void firstPoll() {
        if (closed) {
            return;
        }
        poll.poll();
        ticker = poll.thread().executeAtInterval(poll::poll, context.pollIntervalMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void drop() {
        poll.drop();
    }

    @Override
    public void close() {
        poll.close(this::stop);
    }

    private void stop() {
        closed = true;
        if (ticker != null) {
            ticker.remove();
            ticker = null;
        }
    }

    @Override
    public void connected(PollConnection connection) {
        if (context.pollIntervalMs() == 0) {
            connection.thread().execute(connection::poll);
        }
    }

    @Override
    public void answered(PollConnection connection, boolean ok, boolean owed) {
        if (owed || context.pollIntervalMs() == 0) {
            connection.thread().execute(connection::poll);
        }
    }

    @Override
    public void disconnected() {
        // The ticker goes on: the next poll reconnects.
    }

    @Override
    public boolean reconnectAtOnce() {
        return context.pollIntervalMs() == 0;
    }
}
