package deliverybench.strategy.shortpoll;

import deliverybench.client.ClientContext;
import deliverybench.client.PollConnection;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;
import org.xnio.XnioExecutor;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A device that asks every interval and is answered at once; a tick that finds the last poll still out
 * is sent when it answers. An interval of 0 asks again as soon as answered: as busy as wrk's connections.
 */
final class ShortPollReceiver implements Receiver, PollConnection.Policy {

    private final ClientContext context;
    private final PollConnection poll;
    private final long phaseMs;
    private XnioExecutor.Key ticker;

    ShortPollReceiver(ClientContext context, ReceivingDevice device, String token, long seed) {
        this.context = context;
        // Spread the polls of many clients evenly over the interval instead of all at once.
        this.phaseMs = new SplittableRandom(seed).nextLong(Math.max(1, context.pollIntervalMs()));
        this.poll = new PollConnection(context, device, token, 0, this);
    }

    @Override
    public void start() {
        poll.start();
    }

    @Override
    public void drop() {
        poll.drop();
    }

    @Override
    public void close() {
        poll.close(this::disconnected);
    }

    @Override
    public void connected(PollConnection connection) {
        if (context.pollIntervalMs() == 0) {
            connection.thread().execute(connection::poll);
            return;
        }
        // The first poll at the device's phase, then every interval from it: the ticker itself starts at the phase.
        // (It used to start at the connect, with one extra poll at the phase: every device connected in the same
        // moment then polled in the same moment every interval, and a device polled twice in its first interval.)
        ticker = connection.thread().executeAfter(() -> {
            if (ticker == null) {
                return;
            }
            connection.poll();
            if (ticker != null) {
                ticker = connection.thread().executeAtInterval(connection::poll, context.pollIntervalMs(),
                        TimeUnit.MILLISECONDS);
            }
        }, phaseMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void answered(PollConnection connection, boolean ok, boolean owed) {
        if (owed || context.pollIntervalMs() == 0) {
            connection.thread().execute(connection::poll);
        }
    }

    @Override
    public void disconnected() {
        if (ticker != null) {
            ticker.remove();
            ticker = null;
        }
    }
}
