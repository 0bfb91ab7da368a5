package deliverybench.run;

import deliverybench.client.ClientContext;
import deliverybench.client.Receiver;
import deliverybench.schedule.RunClock;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Every receiving device of one strategy run: connected at a bounded rate, slowed and sped up by chaos, closed at the end. */
final class Fleet implements AutoCloseable {

    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(20);

    private final List<Receiver> receivers;
    private final ClientContext clients;
    private final RunClock clock;

    Fleet(List<Receiver> receivers, ClientContext clients, RunClock clock) {
        this.receivers = List.copyOf(receivers);
        this.clients = clients;
        this.clock = clock;
    }

    List<Receiver> receivers() {
        return receivers;
    }

    /** Chooses the slow receivers of {@code --chaos slow}, the same ones for the same seed. Call before connecting. */
    void slowDown(double fraction, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x510L);
        for (Receiver receiver : receivers) {
            if (random.nextDouble() < fraction) {
                receiver.slowDown();
            }
        }
    }

    /** Starts every receiver, {@code perSecond} a second, and waits until all are connected (30 s at most after the ramp). */
    void connect(int perSecond, String name, Consumer<String> progress) throws IOException, InterruptedException {
        long start = clock.nanoTime();
        long lastReport = start;
        for (int i = 0; i < receivers.size(); i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            if (clock.nanoTime() - due < 0) {
                clock.sleepUntil(due);
            }
            receivers.get(i).start();
            if (clock.nanoTime() - lastReport > 1_000_000_000L) {
                lastReport = clock.nanoTime();
                progress.accept(String.format("%-14s connecting %d/%d", name, clients.connected(), receivers.size()));
            }
        }
        long deadline = clock.nanoTime() + CONNECT_TIMEOUT_NS;
        while (clients.connected() < receivers.size() && clock.nanoTime() - deadline < 0) {
            clock.sleepUntil(clock.nanoTime() + POLL_NS);
        }
        if (clients.connected() < receivers.size()) {
            throw new IOException(name + ": only " + clients.connected() + " of " + receivers.size()
                    + " receivers connected within 30 s of the ramp");
        }
    }

    /** Slow receivers read at full speed again, so that they catch up before loss is counted. */
    void speedUp() {
        receivers.forEach(Receiver::speedUp);
    }

    @Override
    public void close() {
        receivers.forEach(Receiver::close);
    }
}
