package deliverybench.run.cluster;

import deliverybench.run.send.Sender;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends each message through a random live gateway, so that most messages cross gateways, and counts
 * how many of their deliveries do: a delivery crosses when the device is on another gateway than the send.
 */
final class SpreadSender implements Sender {

    private final List<Sender> gateways;
    private final Placement placement;
    private final SplittableRandom random;
    private final AtomicIntegerArray dead;
    private final LongAdder sends = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder crossing = new LongAdder();

    SpreadSender(List<Sender> gateways, Placement placement, long seed) {
        this.gateways = List.copyOf(gateways);
        this.placement = placement;
        this.random = new SplittableRandom(seed ^ 0x6A7EL);
        this.dead = new AtomicIntegerArray(gateways.size());
    }

    /** Called on the pacer's one thread. */
    @Override
    public void send(int[] recipients, long intendedNs) {
        int g = random.nextInt(gateways.size());
        for (int tries = 0; dead.get(g) == 1 && tries < gateways.size(); tries++) {
            g = (g + 1) % gateways.size();
        }
        sends.increment();
        for (int recipient : recipients) {
            for (int device = 0; device < placement.devices(); device++) {
                deliveries.increment();
                if (placement.gateway(recipient, device) != g) {
                    crossing.increment();
                }
            }
        }
        gateways.get(g).send(recipients, intendedNs);
    }

    /** Gateway {@code g} is dead: no more sends go through it. */
    void retire(int g) {
        dead.set(g, 1);
    }

    @Override
    public long inFlight() {
        long total = 0;
        for (int g = 0; g < gateways.size(); g++) {
            // A dead gateway's queue is never sent: those messages were not reported sent, and are not waited for.
            if (dead.get(g) == 0) {
                total += gateways.get(g).inFlight();
            }
        }
        return total;
    }

    @Override
    public long backlog() {
        long total = 0;
        for (int g = 0; g < gateways.size(); g++) {
            if (dead.get(g) == 0) {
                total += gateways.get(g).backlog();
            }
        }
        return total;
    }

    @Override
    public void stopSending() {
        gateways.forEach(Sender::stopSending);
    }

    long sends() {
        return sends.sum();
    }

    long deliveries() {
        return deliveries.sum();
    }

    long crossing() {
        return crossing.sum();
    }

    @Override
    public void close() {
        gateways.forEach(Sender::close);
    }
}
