package deliverybench.core.push;

import deliverybench.store.Message;

import java.nio.ByteBuffer;

/** How a held streaming answer (SSE, HTTP streaming) writes each of its parts; everything else is {@link ResponseStream}'s. */
public interface StreamFormat {

    String contentType();

    /** The first part: the store's epoch and the inbox's highest seq now. */
    byte[] hello(long epoch, long highestSeq);

    /** One message; may be called on any thread. */
    ByteBuffer message(Message message);

    /** Written after a silence of the keep-alive time; {@code nowMs} is the wall clock. */
    byte[] keepAlive(long nowMs);

    /** The last part before the answer ends on a gap: resume after {@code oldest - 1} in {@code epoch}. */
    byte[] gone(long oldestSeq, long epoch);

    /** The last part of an answer that reached its maximum age: ask again with {@code after=next}. */
    byte[] end(long next);
}
