package deliverybench.driver;

/**
 * What every receiver calls for every message it gets: the ledger sees the seq, and a first
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
}
