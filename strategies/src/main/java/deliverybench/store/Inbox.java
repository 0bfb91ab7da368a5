package deliverybench.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One user's messages: a ring of the newest {@code retention} messages and the live subscribers. */
final class Inbox {

    private static final int INITIAL_CAPACITY = 16;

    private final int retention;
    private Message[] ring;
    private long highestSeq;
    private int size;
    private final List<Subscriber> subscribers = new ArrayList<>(2);

    Inbox(int retention) {
        this.retention = retention;
        // Never larger than retention: the ring's length is what bounds what it keeps.
        this.ring = new Message[Math.min(INITIAL_CAPACITY, retention)];
    }

    synchronized Message append(String from, String body) {
        Message message = new Message(highestSeq + 1, from, body);
        if (size == ring.length && ring.length < retention) {
            grow();
        }
        ring[(int) (message.seq() % ring.length)] = message;
        highestSeq = message.seq();
        size = Math.min(size + 1, ring.length);
        notifySubscribers(message);
        return message;
    }

    /** Reads after {@code after}; registers {@code subscriber} if {@code mode} says so for this read. */
    synchronized ReadResult read(long after, int limit, Subscriber subscriber, SubscribeMode mode) {
        long oldestSeq = highestSeq - size + 1;
        // Older than retention keeps, or newer than anything this inbox ever held: a client that saw
        // seq N of an inbox that is now behind N is talking to a store that lost it (a restarted
        // in-memory server). Either way it must be told, never answered "nothing new" forever.
        if (after < oldestSeq - 1 || after > highestSeq) {
            return ReadResult.gone(highestSeq, oldestSeq);
        }
        List<Message> messages = copyAfter(after, limit);
        boolean subscribe = switch (mode) {
            case NEVER -> false;
            case WHEN_EMPTY -> messages.isEmpty();
            case WHEN_CAUGHT_UP -> messages.size() < limit;
        };
        if (subscribe) {
            subscribers.add(subscriber);
        }
        return new ReadResult(messages, highestSeq, oldestSeq, false, subscribe);
    }

    synchronized boolean unsubscribe(Subscriber subscriber) {
        return subscribers.remove(subscriber);
    }

    synchronized InboxPosition position() {
        return new InboxPosition(highestSeq - size + 1, highestSeq);
    }

    synchronized int subscriberCount() {
        return subscribers.size();
    }

    private List<Message> copyAfter(long after, int limit) {
        long first = Math.max(after + 1, highestSeq - size + 1);
        long count = Math.min(limit, highestSeq - first + 1);
        if (count <= 0) {
            return Collections.emptyList();
        }
        Message[] out = new Message[(int) count];
        for (int i = 0; i < count; i++) {
            out[i] = ring[(int) ((first + i) % ring.length)];
        }
        return List.of(out);
    }

    private void notifySubscribers(Message message) {
        if (subscribers.isEmpty()) {
            return;
        }
        // A snapshot, so that a subscriber that unsubscribes itself during the call changes nothing here.
        for (Subscriber subscriber : subscribers.toArray(new Subscriber[0])) {
            if (!subscriber.deliver(message)) {
                subscribers.remove(subscriber);
            }
        }
    }

    private void grow() {
        int capacity = (int) Math.min((long) ring.length * 2, retention);
        Message[] bigger = new Message[capacity];
        for (long seq = highestSeq - size + 1; seq <= highestSeq; seq++) {
            bigger[(int) (seq % capacity)] = ring[(int) (seq % ring.length)];
        }
        ring = bigger;
    }

    enum SubscribeMode { NEVER, WHEN_EMPTY, WHEN_CAUGHT_UP }
}
