package deliverybench.core;

import deliverybench.core.http.Responses;
import io.netty.util.concurrent.EventExecutor;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import org.xnio.XnioIoThread;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Continues on a connection's I/O thread once a store's stage completes: at once when it already has
 * (the in-memory store) and the caller is on that thread, else as a task of that thread.
 */
public final class Async {

    private Async() {
    }

    /** Runs {@code next} with the value, or {@code failed} with the cause, on {@code thread}. */
    public static <T> void on(Executor thread, CompletionStage<T> stage, Consumer<T> next, Consumer<Throwable> failed) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        if (future.isDone() && runsOn(thread)) {
            complete(future, next, failed);
            return;
        }
        future.whenComplete((value, error) -> {
            try {
                thread.execute(() -> complete(future, next, failed));
            } catch (RejectedExecutionException e) {
                // The server is shutting down: the connection goes with it.
            }
        });
    }

    /**
     * Continues an HTTP exchange with the value on its I/O thread, keeping the exchange open while
     * the stage is pending; a failed stage is answered 503 (the store could not be reached).
     */
    public static <T> void then(HttpServerExchange exchange, CompletionStage<T> stage, Consumer<T> next) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        Consumer<Throwable> failed = error -> Responses.error(exchange, 503, "the message store is unavailable: "
                + error.getMessage());
        if (future.isDone() && Thread.currentThread() == exchange.getIoThread()) {
            complete(future, next, failed);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> on(exchange.getIoThread(), stage, next, failed));
    }

    /** Whether the caller is on that I/O thread: an XNIO thread is one, a Netty event loop says so itself. */
    private static boolean runsOn(Executor thread) {
        return Thread.currentThread() == thread || thread instanceof EventExecutor loop && loop.inEventLoop();
    }

    private static <T> void complete(CompletableFuture<T> future, Consumer<T> next, Consumer<Throwable> failed) {
        T value;
        try {
            value = future.join();
        } catch (CompletionException e) {
            failed.accept(e.getCause() == null ? e : e.getCause());
            return;
        } catch (RuntimeException e) {
            failed.accept(e);
            return;
        }
        next.accept(value);
    }
}
