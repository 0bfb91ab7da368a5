package deliverybench.strategy.longpoll;

import deliverybench.client.ClientContext;
import deliverybench.client.PollConnection;
import deliverybench.client.Receiver;
import deliverybench.client.ReceivingDevice;

/** A device that asks with {@code wait} and, answered, asks again at once (after a backoff when the answer was bad). */
final class LongPollReceiver implements Receiver, PollConnection.Policy {

    private final PollConnection poll;

    LongPollReceiver(ClientContext context, ReceivingDevice device, String token) {
        this.poll = new PollConnection(context, device, token, context.pollWaitSeconds(), this);
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
        poll.close(() -> { });
    }

    @Override
    public void connected(PollConnection connection) {
        connection.poll();
    }

    @Override
    public void answered(PollConnection connection, boolean ok, boolean owed) {
        if (ok) {
            connection.reconnector().succeeded();
            connection.thread().execute(connection::poll);
        } else {
            connection.reconnector().later(connection::poll);
        }
    }

    @Override
    public void disconnected() {
        // Nothing scheduled: the next connection polls at once.
    }
}
