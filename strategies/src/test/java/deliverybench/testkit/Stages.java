package deliverybench.testkit;

import java.util.concurrent.CompletionStage;

/** Waits for a store's stage in a test, where blocking is fine. */
public final class Stages {

    private Stages() {
    }

    public static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
