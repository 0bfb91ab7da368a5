package deliverybench.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One user's messages: a ring of the newest {@code retention} messages and the live subscribers. */
final class Inbox {

    private static final int INITIAL_CAPACITY = 16;
    // An inbox holds no ring until its first message, and its subscribers as an array replaced whole (under the
    // lock): with a user per connection, the ring of 16 and a list of subscribers were about 130 bytes of every
    // idle connection.
    private static final Message[] NO_MESSAGES = new Message[0];
    private static final Subscriber[] NO_SUBSCRIBERS = new Subscriber[0];

    private final int retention;
    private Message[] ring;
    private long highestSeq;
    private int size;
    private Subscriber[] subscribers = NO_SUBSCRIBERS;

    Inbox(int retention) {
        this.retention = retention;
        // Never larger than retention (grow's cap): the ring's length is what bounds what it keeps.
        this.ring = NO_MESSAGES;
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
            Subscriber[] more = Arrays.copyOf(subscribers, subscribers.length + 1);
            more[more.length - 1] = subscriber;
            subscribers = more;
        }
        return new ReadResult(messages, highestSeq, oldestSeq, false, subscribe);
    }

    synchronized boolean unsubscribe(Subscriber subscriber) {
        Subscriber[] now = subscribers;
        for (int i = 0; i < now.length; i++) {
            if (now[i].equals(subscriber)) {
                Subscriber[] fewer = now.length == 1 ? NO_SUBSCRIBERS : new Subscriber[now.length - 1];
                System.arraycopy(now, 0, fewer, 0, i);
                System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                subscribers = fewer;
                return true;
            }
        }
        return false;
    }

    synchronized InboxPosition position() {
        return new InboxPosition(highestSeq - size + 1, highestSeq);
    }

    synchronized int subscriberCount() {
        return subscribers.length;
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
        // The array is never changed in place, so a subscriber that unsubscribes itself during the call changes
        // nothing here.
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.deliver(message)) {
                unsubscribe(subscriber);
            }
        }
    }

    private void grow() {
        int capacity = (int) Math.min(ring.length == 0 ? INITIAL_CAPACITY : (long) ring.length * 2, retention);
        Message[] bigger = new Message[capacity];
        for (long seq = highestSeq - size + 1; seq <= highestSeq; seq++) {
            bigger[(int) (seq % capacity)] = ring[(int) (seq % ring.length)];
        }
        ring = bigger;
    }

    enum SubscribeMode { NEVER, WHEN_EMPTY, WHEN_CAUGHT_UP }
}
