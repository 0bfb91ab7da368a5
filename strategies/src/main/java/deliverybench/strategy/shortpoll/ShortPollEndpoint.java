package deliverybench.strategy.shortpoll;

import deliverybench.core.PollAnswers;
import deliverybench.core.ServerCore;
import deliverybench.core.StrategyCounters;
import deliverybench.store.ReadResult;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** {@code GET /messages} without {@code wait}: reads the inbox and answers at once, messages or none. */
final class ShortPollEndpoint implements HttpHandler {

    private final ServerCore core;
    private final StrategyCounters counters;

    ShortPollEndpoint(ServerCore core, StrategyCounters counters) {
        this.core = core;
        this.counters = counters;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        PollAnswers.Admitted poll = PollAnswers.admit(exchange, core, counters);
        if (poll == null) {
            return;
        }
        counters.storeReads.increment();
        ReadResult read = core.store().read(poll.user(), poll.query().after(), poll.query().limit());
        PollAnswers.answer(exchange, poll.query().after(), read, counters, core.store().epoch());
    }
}
