package deliverybench.strategy.longpoll;

import deliverybench.core.Async;
import deliverybench.core.PollQuery;
import deliverybench.core.ServerCore;
import deliverybench.core.WakeMode;
import deliverybench.core.http.ClientGoneWatcher;
import deliverybench.core.http.HeldRequest;
import deliverybench.core.http.PollAnswers;
import deliverybench.core.http.Responses;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.store.Message;
import deliverybench.store.MessageStore;
import deliverybench.store.ReadResult;
import deliverybench.store.Subscriber;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import org.xnio.XnioExecutor;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /messages?wait=}: holds the request, with no thread waiting, until a message arrives
 * ({@link WakeMode#NOTIFY}) or a timer's re-read finds one ({@link WakeMode#SCAN}), or {@code wait} runs out.
 */
final class LongPollEndpoint implements HttpHandler {

    private final ServerCore core;
    private final MessageStore store;
    private final StrategyCounters counters;
    private final WakeMode wakeMode;
    private final long scanIntervalMs;

    LongPollEndpoint(ServerCore core, StrategyCounters counters) {
        this.core = core;
        this.store = core.store();
        this.counters = counters;
        this.wakeMode = core.config().wakeMode();
        this.scanIntervalMs = core.config().scanIntervalMs();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        PollAnswers.Admitted poll = PollAnswers.admit(exchange, core, counters);
        if (poll == null) {
            return;
        }
        // Admitted: its token and query are read (the user and the poll's parameters), and nothing reads it again.
        HeldRequest.forget(exchange);
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> new HeldPoll(exchange, poll.user(), poll.query()).start());
    }

    /** One held request; {@link #done} makes sure exactly one of message, timeout and client-gone completes it. */
    private final class HeldPoll implements Subscriber {
        private final HttpServerExchange exchange;
        private final String user;
        private final PollQuery query;
        private final long deadlineNanos;
        private final AtomicBoolean done = new AtomicBoolean();
        private XnioExecutor.Key timer;
        private ClientGoneWatcher watcher;

        HeldPoll(HttpServerExchange exchange, String user, PollQuery query) {
            this.exchange = exchange;
            this.user = user;
            this.query = query;
            this.deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(query.waitSeconds());
        }

        void start() {
            counters.storeReads.increment();
            Async.on(exchange.getIoThread(), wakeMode == WakeMode.NOTIFY
                    ? store.readOrWait(user, query.after(), query.limit(), this)
                    : store.read(user, query.after(), query.limit()), this::firstRead, this::storeFailed);
        }

        private void firstRead(ReadResult read) {
            if (!read.isEmpty() || read.gone()) {
                if (done.compareAndSet(false, true)) {
                    PollAnswers.answer(exchange, query.after(), read, counters, store.epoch(user));
                }
                return;
            }
            watcher = ClientGoneWatcher.watch(exchange, this::clientGone);
            if (wakeMode == WakeMode.NOTIFY) {
                timer = exchange.getIoThread().executeAfter(this::timedOut, query.waitSeconds(), TimeUnit.SECONDS);
            } else {
                scheduleScan();
            }
        }

        @Override
        public boolean deliver(Message message) {
            if (message.seq() <= query.after()) {
                return true;
            }
            if (done.compareAndSet(false, true)) {
                // Called under the inbox lock, often on another I/O thread: answer on our own.
                try {
                    exchange.getIoThread().execute(() -> finish(new ReadResult(List.of(message), message.seq(), 0, false, false)));
                } catch (RejectedExecutionException e) {
                    // The server is shutting down and the request goes with it.
                }
            }
            return false;
        }

        @Override
        public void lost() {
            // Answered as if the wait ran out: the client asks again and is told what the store knows now.
            if (done.compareAndSet(false, true)) {
                try {
                    exchange.getIoThread().execute(() -> finish(new ReadResult(List.of(), 0, 0, false, false)));
                } catch (RejectedExecutionException e) {
                    // The server is shutting down and the request goes with it.
                }
            }
        }

        private void timedOut() {
            if (done.compareAndSet(false, true)) {
                store.unsubscribe(user, this);
                finish(new ReadResult(List.of(), 0, 0, false, false));
            }
        }

        private void scheduleScan() {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            timer = exchange.getIoThread().executeAfter(this::scan, Math.max(0, Math.min(scanIntervalMs, leftMs)),
                    TimeUnit.MILLISECONDS);
        }

        private void scan() {
            if (done.get()) {
                return;
            }
            counters.storeReads.increment();
            Async.on(exchange.getIoThread(), store.read(user, query.after(), query.limit()), this::scanned, this::storeFailed);
        }

        private void scanned(ReadResult read) {
            if (done.get()) {
                return;
            }
            boolean expired = System.nanoTime() - deadlineNanos >= 0;
            if (read.isEmpty() && !read.gone() && !expired) {
                scheduleScan();
            } else if (done.compareAndSet(false, true)) {
                finish(read);
            }
        }

        private void storeFailed(Throwable error) {
            if (done.compareAndSet(false, true)) {
                store.unsubscribe(user, this);
                if (timer != null) {
                    timer.remove();
                }
                if (watcher != null) {
                    watcher.stop();
                }
                Responses.error(exchange, 503, "the message store is unavailable: " + error.getMessage());
            }
        }

        private void clientGone() {
            if (done.compareAndSet(false, true)) {
                store.unsubscribe(user, this);
                if (timer != null) {
                    timer.remove();
                }
            }
        }

        private void finish(ReadResult read) {
            if (timer != null) {
                timer.remove();
            }
            if (watcher != null) {
                watcher.stop();
            }
            PollAnswers.answer(exchange, query.after(), read, counters, store.epoch(user));
        }
    }
}
