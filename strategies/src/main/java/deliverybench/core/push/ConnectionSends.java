package deliverybench.core.push;

import deliverybench.auth.UserIds;
import deliverybench.core.Async;
import deliverybench.core.JsonCodec;
import deliverybench.core.ServerCore;
import deliverybench.core.stats.StatsKeys;
import deliverybench.core.stats.StrategyCounters;

import java.util.concurrent.Executor;

/**
 * Sends that arrive on a push connection (contract v3: "the postman takes the letter too"): checked
 * like {@code POST /messages}, stored, counted under {@code send} with their bytes, and answered by
 * id once stored. The connection's token is the sender; nothing is verified again.
 */
public final class ConnectionSends {

    /** How the connection answers, on its I/O thread. */
    public interface Reply {
        void sent(long id, long seq);

        void refused(long id, int status, String error);
    }

    private final ServerCore core;
    private final StrategyCounters counters;

    public ConnectionSends(ServerCore core) {
        this.core = core;
        this.counters = core.counters(StatsKeys.SEND);
    }

    /** A send from {@code from}: answered on {@code thread} when stored, or refused as POST would be. */
    public void send(Executor thread, String from, long id, String to, String body, Reply reply) {
        counters.requests.increment();
        if (!UserIds.isValid(to)) {
            reply.refused(id, 400, "'to' is not a valid user id: it must match [A-Za-z0-9_-]{1,64}");
            return;
        }
        if (JsonCodec.utf8Length(body) > JsonCodec.MAX_BODY_BYTES) {
            reply.refused(id, 413, "body is over " + JsonCodec.MAX_BODY_BYTES + " bytes of UTF-8");
            return;
        }
        Async.on(thread, core.store().append(to, from, body), seq -> {
            counters.messagesStored.increment();
            reply.sent(id, seq);
        }, error -> reply.refused(id, 503, "the message store is unavailable"));
    }

    /** A send that was refused before it could be read as one: still a send request. */
    public void countRefused() {
        counters.requests.increment();
    }

    /**
     * Books wire bytes of sends and their answers to {@code send} instead of the connection's
     * strategy, which counted them at the socket.
     */
    public void rebook(StrategyCounters from, long in, long out) {
        from.bytesIn.add(-in);
        from.bytesOut.add(-out);
        counters.bytesIn.add(in);
        counters.bytesOut.add(out);
        // Under TLS the records around a send stay with the connection; the send is booked its plaintext size.
        from.wireBytesIn.add(-in);
        from.wireBytesOut.add(-out);
        counters.wireBytesIn.add(in);
        counters.wireBytesOut.add(out);
    }
}
