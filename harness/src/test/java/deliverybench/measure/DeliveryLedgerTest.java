package deliverybench.measure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loss, duplicates and reordering counted exactly from scripted seq streams. */
class DeliveryLedgerTest {

    @ParameterizedTest(name = "sent {0}, received [{1}]")
    @CsvSource(delimiter = ';', value = {
            // sent; received (space-separated); delivered; lost; duplicates; out of order
            "5; 1 2 3 4 5; 5; 0; 0; 0",
            "5; 1 2 4 5; 4; 1; 0; 0",
            "5; ''; 0; 5; 0; 0",
            "5; 1 2 2 3 4 5 5 5; 5; 0; 3; 0",
            "5; 2 1 3 5 4; 5; 0; 0; 2",
            "5; 5 4 3 2 1; 5; 0; 0; 4",
            "6; 1 3 3 2 6; 4; 2; 1; 1",
            "3; 1 2 3 4; 4; 0; 0; 0"})
    void countsAreExact(int sent, String received, long delivered, long lost, long duplicates, long outOfOrder) {
        DeliveryLedger ledger = new DeliveryLedger(1, 1);
        for (int seq = 1; seq <= sent; seq++) {
            ledger.sent(0, seq);
        }
        for (String seq : received.trim().split("\\s+")) {
            if (!seq.isEmpty()) {
                ledger.device(0).received(Long.parseLong(seq));
            }
        }
        DeliveryLedger.Totals totals = ledger.totals();
        assertEquals(sent, totals.sent());
        assertEquals(delivered, totals.delivered());
        assertEquals(lost, totals.lost());
        assertEquals(duplicates, totals.duplicates());
        assertEquals(outOfOrder, totals.outOfOrder());
    }

    @ParameterizedTest(name = "two devices: [{0}] and [{1}] lose {2}")
    @CsvSource(delimiter = ';', value = {"1 2 3; 1 2 3; 0", "1 2 3; 1 3; 1", "1; 2; 4", "; ; 6"})
    void everyDeviceMustGetEveryMessage(String first, String second, long lost) {
        DeliveryLedger ledger = new DeliveryLedger(1, 2);
        for (int seq = 1; seq <= 3; seq++) {
            ledger.sent(0, seq);
        }
        feed(ledger.device(0), first);
        feed(ledger.device(1), second);
        assertEquals(lost, ledger.totals().lost());
    }

    private static void feed(DeliveryLedger.DeviceAccount device, String seqs) {
        if (seqs == null) {
            return;
        }
        for (String seq : seqs.trim().split("\\s+")) {
            if (!seq.isEmpty()) {
                device.received(Long.parseLong(seq));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aNewEpochCountsWhatWasMissingAsLostAndStartsSeqsAgain() {
        DeliveryLedger ledger = new DeliveryLedger(1, 1);
        for (int seq = 1; seq <= 5; seq++) {
            ledger.sent(0, seq);
        }
        feed(ledger.device(0), "1 2 3");
        ledger.newEpoch();
        // The server restarted: 4 and 5 are gone for good, and seq 1 is a new message, not a duplicate.
        assertEquals(3, ledger.device(0).resumeAfter(), "the client resumes where it was until the server says 410");
        ledger.sent(0, 1);
        ledger.sent(0, 2);
        feed(ledger.device(0), "1 2");
        DeliveryLedger.Totals totals = ledger.totals();
        assertEquals(7, totals.sent());
        assertEquals(5, totals.delivered());
        assertEquals(2, totals.lost());
        assertEquals(0, totals.duplicates());
        assertEquals(5, ledger.deliveredTotal());
    }

    @Test
    void aDeviceResumesInTheEpochItWasToldOf() {
        DeliveryLedger.DeviceAccount device = new DeliveryLedger(1, 1).device(0);
        assertEquals(0, device.epoch());
        device.epoch(11);
        device.received(1);
        device.received(2);
        assertEquals(2, device.resumeAfter());
        device.gone(0, 12);
        assertEquals(0, device.resumeAfter());
        assertEquals(12, device.epoch());
        // A v1 410 names no epoch (-1 or 0): the device keeps the one it knows.
        device.gone(5, -1);
        assertEquals(12, device.epoch());
        assertEquals(5, device.resumeAfter());
        device.epoch(0);
        assertTrue(device.epoch() == 12);
    }
}
