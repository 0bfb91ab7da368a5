package deliverybench.cluster;

import deliverybench.store.Message;
import deliverybench.store.ReadResult;
import deliverybench.store.Subscriber;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One registered subscriber on this gateway: hands it its inbox's messages in seq order, without a
 * gap, from the seq its registering read reached. Notifications from Redis may come late, twice, out
 * of order or not at all; they are only hints: a notification beyond the next seq is held and the
 * gap is read from the inbox in Redis, which is the truth.
 */
final class Follower {

    /** Notifications held while a gap is read; beyond this the rest is read from the inbox too. */
    private static final int MAX_HELD = 1_024;
    private static final int FILL_LIMIT = 256;
    private static final long RETRY_MS = 200;

    /** How a follower reads its inbox to fill a gap. */
    interface Inbox {
        CompletionStage<ReadResult> read(String user, long after, int limit);

        /** Runs a task later, off the caller's thread. */
        void later(Runnable task, long delayMs);
    }

    private final String user;
    private final Subscriber subscriber;
    private final Inbox inbox;
    private final Consumer<Follower> removed;
    private final TreeMap<Long, Message> held = new TreeMap<>();
    private long cursor;
    private long knownHighest;
    private boolean open;
    private boolean filling;
    private boolean gone;

    /** @param removed called once when the subscriber asked to go or lost track */
    Follower(String user, Subscriber subscriber, Inbox inbox, Consumer<Follower> removed) {
        this.user = user;
        this.subscriber = subscriber;
        this.inbox = inbox;
        this.removed = removed;
    }

    String user() {
        return user;
    }

    Subscriber subscriber() {
        return subscriber;
    }

    /** The registering read answered, up to {@code cursor}: hand over what came after it. */
    synchronized void open(long readUpTo) {
        cursor = readUpTo;
        knownHighest = Math.max(knownHighest, readUpTo);
        open = true;
        drain();
    }

    /** A notification: the message with this seq was appended. */
    synchronized void offer(Message message) {
        if (gone) {
            return;
        }
        knownHighest = Math.max(knownHighest, message.seq());
        hold(message);
        if (open && !filling) {
            drain();
        }
    }

    /** Notifications may have been missed (a lost subscription, a presence entry that expired): re-read. */
    synchronized void resync() {
        if (!gone && open && !filling) {
            fill();
        }
    }

    /** The subscriber was unsubscribed: nothing more is handed to it. */
    synchronized void stop() {
        gone = true;
        held.clear();
    }

    /** The store lost this inbox's seq space (a new epoch): the subscriber must start over. */
    void lose() {
        synchronized (this) {
            if (gone) {
                return;
            }
            gone = true;
            held.clear();
        }
        removed.accept(this);
        subscriber.lost();
    }

    private void hold(Message message) {
        if (message.seq() > cursor && held.size() < MAX_HELD) {
            held.put(message.seq(), message);
        }
    }

    private void drain() {
        Map.Entry<Long, Message> next;
        while (!gone && (next = held.pollFirstEntry()) != null) {
            long seq = next.getKey();
            if (seq <= cursor) {
                continue;
            }
            if (seq != cursor + 1) {
                held.put(seq, next.getValue());
                break;
            }
            cursor = seq;
            if (!subscriber.deliver(next.getValue())) {
                gone = true;
                held.clear();
                removed.accept(this);
                return;
            }
        }
        if (!gone && cursor < knownHighest) {
            fill();
        }
    }

    private void fill() {
        filling = true;
        inbox.read(user, cursor, FILL_LIMIT).whenComplete(this::filled);
    }

    private void filled(ReadResult read, Throwable error) {
        boolean lost = false;
        synchronized (this) {
            if (gone) {
                return;
            }
            if (error != null) {
                // Redis cannot be reached: the messages wait in the inbox; try again shortly.
                inbox.later(this::retry, RETRY_MS);
                return;
            }
            filling = false;
            if (read.gone()) {
                lost = true;
            } else {
                knownHighest = Math.max(knownHighest, read.highestSeq());
                read.messages().forEach(this::hold);
                drain();
            }
        }
        if (lost) {
            // Older than retention keeps: no gap-free way on from here; the client resumes and is told.
            lose();
        }
    }

    private synchronized void retry() {
        if (!gone) {
            fill();
        }
    }
}
