package deliverybench.testkit;

import deliverybench.store.InboxPosition;
import deliverybench.store.Message;
import deliverybench.store.MessageStore;
import deliverybench.store.ReadResult;
import deliverybench.store.Subscriber;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A store that answers later, on a thread of its own, as a store in another process does: every
 * stage completes {@code delayMs} after the call, and a subscriber registered by a read is handed
 * messages only after that read's stage completed, as {@link MessageStore} promises.
 */
public final class DelayedStore implements MessageStore, AutoCloseable {

    private final MessageStore inner;
    private final long delayMs;
    private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "delayed-store");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Subscriber, Gate> gates = new ConcurrentHashMap<>();

    public DelayedStore(MessageStore inner, long delayMs) {
        this.inner = inner;
        this.delayMs = delayMs;
    }

    /** Holds a subscriber's messages until the read that registered it has answered. */
    private final class Gate implements Subscriber {
        private final Subscriber subscriber;
        private final ArrayDeque<Message> held = new ArrayDeque<>();
        private boolean open;
        private boolean removed;

        Gate(Subscriber subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public synchronized boolean deliver(Message message) {
            if (removed) {
                return false;
            }
            if (!open) {
                held.add(message);
                return true;
            }
            return keep(subscriber.deliver(message));
        }

        synchronized void open() {
            open = true;
            Message message;
            while (!removed && (message = held.poll()) != null) {
                keep(subscriber.deliver(message));
            }
        }

        private boolean keep(boolean stays) {
            if (!stays) {
                removed = true;
                gates.remove(subscriber, this);
            }
            return stays;
        }
    }

    private <T> CompletionStage<T> later(Supplier<T> now, Runnable afterAnswer) {
        T value = now.get();
        CompletableFuture<T> answer = new CompletableFuture<>();
        answers.schedule(() -> {
            answer.complete(value);
            afterAnswer.run();
        }, delayMs, TimeUnit.MILLISECONDS);
        return answer;
    }

    private CompletionStage<ReadResult> registering(Subscriber subscriber, java.util.function.Function<Gate, ReadResult> read) {
        Gate gate = new Gate(subscriber);
        gates.put(subscriber, gate);
        return later(() -> {
            ReadResult result = read.apply(gate);
            if (!result.subscribed()) {
                gates.remove(subscriber, gate);
            }
            return result;
        }, gate::open);
    }

    @Override
    public CompletionStage<Long> append(String to, String from, String body) {
        return later(() -> inner.append(to, from, body).toCompletableFuture().join(), () -> { });
    }

    @Override
    public CompletionStage<ReadResult> read(String user, long after, int limit) {
        return later(() -> inner.read(user, after, limit).toCompletableFuture().join(), () -> { });
    }

    @Override
    public CompletionStage<ReadResult> readOrWait(String user, long after, int limit, Subscriber waiter) {
        return registering(waiter, gate -> inner.readOrWait(user, after, limit, gate).toCompletableFuture().join());
    }

    @Override
    public CompletionStage<ReadResult> readAndFollow(String user, long after, int limit, Subscriber subscriber) {
        return registering(subscriber, gate -> inner.readAndFollow(user, after, limit, gate).toCompletableFuture().join());
    }

    @Override
    public void unsubscribe(String user, Subscriber subscriber) {
        Gate gate = gates.remove(subscriber);
        if (gate != null) {
            synchronized (gate) {
                gate.removed = true;
            }
            inner.unsubscribe(user, gate);
        }
    }

    @Override
    public CompletionStage<InboxPosition> position(String user) {
        return later(() -> inner.position(user).toCompletableFuture().join(), () -> { });
    }

    @Override
    public long epoch() {
        return inner.epoch();
    }

    @Override
    public long epoch(String user) {
        return inner.epoch(user);
    }

    @Override
    public long storeReads() {
        return inner.storeReads();
    }

    @Override
    public long subscribers() {
        return inner.subscribers();
    }

    @Override
    public void close() {
        answers.shutdownNow();
    }
}
