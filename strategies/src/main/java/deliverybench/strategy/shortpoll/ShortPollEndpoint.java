package deliverybench.strategy.shortpoll;

import deliverybench.core.Async;
import deliverybench.core.ServerCore;
import deliverybench.core.http.PollAnswers;
import deliverybench.core.stats.StrategyCounters;
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
        Async.then(exchange, core.store().read(poll.user(), poll.query().after(), poll.query().limit()),
                read -> PollAnswers.answer(exchange, poll.query().after(), read, counters, core.store().epoch(poll.user())));
    }
}
