package deliverybench.measure;

import deliverybench.client.Device;

/**
 * What every client's device calls for every message it gets: the ledger sees the seq, and a first
 * delivery's stamps go to the rig. Final and shared, so that no strategy can account differently.
 */
public final class Inbound {

    private final DeliveryLedger ledger;
    private final LatencyRig rig;

    public Inbound(DeliveryLedger ledger, LatencyRig rig) {
        this.ledger = ledger;
        this.rig = rig;
    }

    public void deliver(DeliveryLedger.Device device, long seq, String body) {
        if (!device.received(seq)) {
            return;
        }
        long[] stamps = MessageBody.decode(body);
        if (stamps != null) {
            rig.record(stamps[0], stamps[1]);
        }
    }

    /** The device a strategy's client is given for ledger device {@code index}. */
    public Device device(int index) {
        DeliveryLedger.Device device = ledger.device(index);
        return new Device() {
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
                Inbound.this.deliver(device, seq, body);
            }
        };
    }
}
