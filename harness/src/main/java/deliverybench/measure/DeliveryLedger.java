package deliverybench.measure;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Accounts for every message from {@code seq} alone: what each user was sent (the seqs the server
 * gave the sends) and what each device received, so that loss, duplicates and reordering are exact.
 */
public final class DeliveryLedger {

    /** The ledger's account of one receiving connection of one user: what it received, in what order. */
    public static final class DeviceAccount {
        final int user;
        private final BitSet seen = new BitSet();
        private long highestSeen;
        private long resumeAfter;
        // The server's epoch resumeAfter belongs to (contract v2); 0 until the server has said it.
        private long epoch;
        private long received;
        private long duplicates;
        private long outOfOrder;

        DeviceAccount(int user) {
            this.user = user;
        }

        /** Records a received seq; returns true when it is new to this device (not a duplicate). */
        public synchronized boolean received(long seq) {
            if (seq < 1 || seq > Integer.MAX_VALUE) {
                outOfOrder++;
                return false;
            }
            if (seen.get((int) seq)) {
                duplicates++;
                return false;
            }
            seen.set((int) seq);
            if (seq < highestSeen) {
                outOfOrder++;
            }
            highestSeen = Math.max(highestSeen, seq);
            resumeAfter = Math.max(resumeAfter, seq);
            received++;
            return true;
        }

        /** Where this device resumes: after the highest seq it saw, or where a 410 sent it. */
        public synchronized long resumeAfter() {
            return resumeAfter;
        }

        /** The epoch to resume with: the last one the server named, 0 before it named any. */
        public synchronized long epoch() {
            return epoch;
        }

        /** The server named its epoch (a poll answer, a WebSocket welcome, a TCP WELCOME). */
        public synchronized void epoch(long serverEpoch) {
            if (serverEpoch > 0) {
                epoch = serverEpoch;
            }
        }

        /**
         * The server said 410: resume after {@code seq} of {@code serverEpoch} (0 when it named none),
         * below what was seen when retention dropped it or the inbox was lost.
         */
        public synchronized void gone(long seq, long serverEpoch) {
            resumeAfter = Math.max(0, seq);
            epoch(serverEpoch);
        }

        /** Forgets what was seen, but not where to resume: the client must learn of the loss from the server. */
        synchronized void newEpoch() {
            seen.clear();
            highestSeen = 0;
        }

        public int user() {
            return user;
        }

        synchronized long missingUpTo(long highestSent) {
            if (highestSent <= 0) {
                return 0;
            }
            return highestSent - seen.get(1, (int) highestSent + 1).cardinality();
        }
    }

    /** The totals over every device. */
    public record Totals(long sent, long sendErrors, long delivered, long lost, long duplicates, long outOfOrder) {
    }

    private final DeviceAccount[] devices;
    private final AtomicLongArray highestSentSeq;
    // Every seq each user was given, to notice one given twice: the store forgot the first (a failover).
    private final BitSet[] ackedSeqs;
    private final LongAdder reusedSeqs = new LongAdder();
    private final int devicesPerUser;
    private final SendAnswers answers = new SendAnswers();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    // What earlier epochs (servers before a restart) left: their misses are lost for good.
    private Totals carried = new Totals(0, 0, 0, 0, 0, 0);

    public DeliveryLedger(int users, int devicesPerUser) {
        this.devices = new DeviceAccount[users * devicesPerUser];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = new DeviceAccount(i / devicesPerUser);
        }
        this.highestSentSeq = new AtomicLongArray(users);
        this.ackedSeqs = new BitSet[users];
        for (int user = 0; user < users; user++) {
            ackedSeqs[user] = new BitSet();
        }
        this.devicesPerUser = devicesPerUser;
    }

    /** The senders' answer times and a failover's account. */
    public SendAnswers answers() {
        return answers;
    }

    public DeviceAccount device(int index) {
        return devices[index];
    }

    /** The server accepted a message to {@code user} as {@code seq}. */
    public void sent(int user, long seq) {
        sent.increment();
        highestSentSeq.accumulateAndGet(user, seq, Math::max);
        if (seq >= 1 && seq <= Integer.MAX_VALUE) {
            BitSet acked = ackedSeqs[user];
            synchronized (acked) {
                if (acked.get((int) seq)) {
                    reusedSeqs.increment();
                }
                acked.set((int) seq);
            }
        }
    }

    /**
     * Acknowledged sends the store forgot, per device like {@link Totals#lost}: each time a user was given a seq
     * it had been given before (a promoted replica that never received the first), each of its devices can get
     * only one of the two messages. The ledger's seq accounting cannot see these; they add to the loss.
     */
    public long lostToReusedSeqs() {
        return reusedSeqs.sum() * devicesPerUser;
    }

    public void sendFailed() {
        sendErrors.increment();
    }

    /** A send to {@code copies} recipients failed: none of its copies was stored. */
    public void sendFailed(int copies) {
        sendErrors.add(copies);
    }

    public long sentCount() {
        return carried.sent() + sent.sum();
    }

    /** Messages delivered to every device that should have them, counted per device, this epoch. */
    public long deliveredCount() {
        long total = 0;
        for (DeviceAccount device : devices) {
            synchronized (device) {
                total += device.received;
            }
        }
        return total;
    }

    /** Deliveries so far, over every epoch. */
    public long deliveredTotal() {
        return carried.delivered() + deliveredCount();
    }

    /** Per-device deliveries still missing: how many (device, message) pairs have not arrived. */
    public long missing() {
        long missing = 0;
        for (DeviceAccount device : devices) {
            missing += device.missingUpTo(highestSentSeq.get(device.user));
        }
        return missing;
    }

    /**
     * The server restarted with empty inboxes: what was missing is lost, and seqs start again at 1.
     * Counts so far carry over; every device starts a new epoch.
     */
    public synchronized void newEpoch() {
        Totals now = totals();
        carried = now;
        for (DeviceAccount device : devices) {
            synchronized (device) {
                device.received = 0;
                device.duplicates = 0;
                device.outOfOrder = 0;
            }
            device.newEpoch();
        }
        for (int user = 0; user < highestSentSeq.length(); user++) {
            highestSentSeq.set(user, 0);
            synchronized (ackedSeqs[user]) {
                ackedSeqs[user].clear();
            }
        }
        sent.reset();
        sendErrors.reset();
    }

    /**
     * Of {@link Totals#lost}, what earlier epochs left undelivered: what a restarted in-memory server
     * held and lost with its inboxes. The rest of the loss happened after the last restart.
     */
    public synchronized long lostToRestarts() {
        return carried.lost();
    }

    public synchronized Totals totals() {
        long duplicates = 0;
        long outOfOrder = 0;
        for (DeviceAccount device : devices) {
            synchronized (device) {
                duplicates += device.duplicates;
                outOfOrder += device.outOfOrder;
            }
        }
        return new Totals(carried.sent() + sent.sum(), carried.sendErrors() + sendErrors.sum(),
                carried.delivered() + deliveredCount(), carried.lost() + missing(),
                carried.duplicates() + duplicates, carried.outOfOrder() + outOfOrder);
    }
}
