package deliverybench.measure;

import deliverybench.client.ReceivingDevice;
import deliverybench.core.JsonCodec;
import deliverybench.schedule.NanoClock;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every client's device calls for every message it gets: the ledger sees the seq, and a first
 * delivery's stamps go to the rig. Final and shared, so that no strategy can account differently.
 */
public final class Inbound {

    private final DeliveryLedger ledger;
    private final LatencyRig rig;
    private final NanoClock clock;
    private final LongAdder late = new LongAdder();
    private final LongAdder firsts = new LongAdder();
    private final LongAdder payloadBytes = new LongAdder();
    private final LongAdder deadWaited = new LongAdder();
    private final LongAdder deadWaitNs = new LongAdder();
    private final LongAccumulator deadWaitMaxNs = new LongAccumulator(Math::max, 0);
    private volatile long lateAfterNs = Long.MAX_VALUE;

    public Inbound(DeliveryLedger ledger, LatencyRig rig, NanoClock clock) {
        this.ledger = ledger;
        this.rig = rig;
        this.clock = clock;
    }

    /** First deliveries after this time are late: delivered, and counted apart. */
    public void lateAfter(long nanoTime) {
        lateAfterNs = nanoTime;
    }

    /** The mean UTF-8 bytes of the bodies first delivered: the payload part of the wire bytes per message. */
    public double payloadBytesPerMessage() {
        long n = firsts.sum();
        return n == 0 ? Double.NaN : (double) payloadBytes.sum() / n;
    }

    /** First deliveries that came after {@link #lateAfter}. */
    public long late() {
        return late.sum();
    }

    /** First deliveries sent before their device found its connection dead and delivered after. */
    public long deadWaited() {
        return deadWaited.sum();
    }

    /** Their mean latency (now - intended), in µs; NaN when none. */
    public double deadWaitMeanUs() {
        long n = deadWaited.sum();
        return n == 0 ? Double.NaN : deadWaitNs.sum() / 1e3 / n;
    }

    /** Their highest latency, in µs; NaN when none. */
    public double deadWaitMaxUs() {
        return deadWaited.sum() == 0 ? Double.NaN : deadWaitMaxNs.get() / 1e3;
    }

    public void deliver(DeliveryLedger.DeviceAccount device, long seq, String body) {
        deliver(device, seq, body, Long.MIN_VALUE);
    }

    /** As {@link #deliver(DeliveryLedger.DeviceAccount, long, String)}; {@code deadAtNs}: when its device last found its connection dead. */
    private void deliver(DeliveryLedger.DeviceAccount device, long seq, String body, long deadAtNs) {
        if (!device.received(seq)) {
            return;
        }
        if (clock.nanoTime() - lateAfterNs > 0) {
            late.increment();
        }
        firsts.increment();
        payloadBytes.add(JsonCodec.utf8Length(body));
        long[] stamps = MessageBody.decode(body);
        if (stamps != null) {
            rig.record(stamps[0], stamps[1]);
            if (deadAtNs != Long.MIN_VALUE && stamps[0] - deadAtNs < 0) {
                long waitedNs = Math.max(0, clock.nanoTime() - stamps[0]);
                deadWaited.increment();
                deadWaitNs.add(waitedNs);
                deadWaitMaxNs.accumulate(waitedNs);
            }
        }
    }

    /** The device a strategy's client is given for ledger device {@code index}. */
    public ReceivingDevice device(int index) {
        DeliveryLedger.DeviceAccount device = ledger.device(index);
        return new ReceivingDevice() {
            // On the device's connection thread, as its deliveries are.
            private long deadAtNs = Long.MIN_VALUE;

            @Override
            public void deadConnection() {
                deadAtNs = clock.nanoTime();
            }

            @Override
            public long resumeAfter() {
                return device.resumeAfter();
            }

            @Override
            public long epoch() {
                return device.epoch();
            }

            @Override
            public void epoch(long serverEpoch) {
                device.epoch(serverEpoch);
            }

            @Override
            public void gone(long after, long serverEpoch) {
                device.gone(after, serverEpoch);
            }

            @Override
            public void deliver(long seq, String body) {
                Inbound.this.deliver(device, seq, body, deadAtNs);
            }
        };
    }
}
