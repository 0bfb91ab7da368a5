package deliverybench.strategy.sse;

import deliverybench.core.JsonCodec;
import deliverybench.core.PollQuery;
import deliverybench.core.push.StreamFormat;
import deliverybench.store.Message;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The event-stream format: {@code event: hello}, {@code id: <seq>} with the message as {@code data:}, {@code :} comments, {@code event: gone}. */
final class SseFormat implements StreamFormat {

    static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");
    private static final byte[] COMMENT = ":\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String contentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    public byte[] hello(long epoch, long highestSeq) {
        return event("hello", new String(JsonCodec.welcome(epoch, highestSeq), StandardCharsets.UTF_8));
    }

    @Override
    public ByteBuffer message(Message message) {
        byte[] json = JsonCodec.message(message);
        byte[] id = ("id: " + message.seq() + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(id.length + json.length + 2).put(id).put(json).put((byte) '\n').put((byte) '\n').flip();
    }

    @Override
    public byte[] keepAlive(long nowMs) {
        return COMMENT;
    }

    @Override
    public byte[] gone(long oldestSeq, long epoch) {
        return event("gone", "{\"oldest\":" + oldestSeq + ",\"epoch\":" + epoch + "}");
    }

    /** SSE answers have no maximum age: a browser's EventSource reconnects by itself when one ends. */
    @Override
    public byte[] end(long next) {
        throw new UnsupportedOperationException("an SSE answer has no maximum age");
    }

    private static byte[] event(String name, String data) {
        return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code Last-Event-ID} (what a browser sends when it reconnects) wins over {@code after}. */
    static long resumeAfter(HttpServerExchange exchange) throws PollQuery.BadQuery {
        String lastEventId = exchange.getRequestHeaders().getFirst(LAST_EVENT_ID);
        if (lastEventId == null || lastEventId.isEmpty()) {
            return PollQuery.number(exchange, "after", 0, 0, Long.MAX_VALUE);
        }
        return parseLastEventId(lastEventId);
    }

    /** A {@code Last-Event-ID}: the seq of the last event seen, a decimal number from 0 to 2^63 - 1. */
    static long parseLastEventId(String value) throws PollQuery.BadQuery {
        String trimmed = value.trim();
        boolean digits = !trimmed.isEmpty() && trimmed.length() <= 19 && trimmed.chars().allMatch(c -> c >= '0' && c <= '9');
        try {
            if (digits) {
                return Long.parseLong(trimmed);
            }
        } catch (NumberFormatException e) {
            // 19 digits beyond 2^63 - 1: refused below.
        }
        throw new PollQuery.BadQuery("Last-Event-ID must be a seq, an integer from 0 to 2^63-1, was '"
                + PollQuery.shown(trimmed) + "'");
    }
}
