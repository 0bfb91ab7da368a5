package deliverybench.server;

import deliverybench.core.JsonCodec;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Answers an HTTP connection that is refused before Undertow sees it, with a whole response written by hand, then closes it. */
final class HttpRefusal {

    private HttpRefusal() {
    }

    /** 429: the connection's address already holds the most unfinished handshakes. */
    static void tooManyHandshakes(StreamConnection connection, int max) {
        byte[] body = JsonCodec.error("too many unfinished connections from this address: at most " + max
                + " may be waiting for their first request");
        byte[] head = ("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\nRetry-After: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer answer = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
        try {
            // A fresh socket's send buffer takes this at once; if it does not, the client gets the close alone.
            connection.getSinkChannel().write(answer);
            connection.getSinkChannel().shutdownWrites();
            connection.getSinkChannel().flush();
            // Read what the client already sent, so that the close is a FIN after the answer and not a reset.
            ByteBuffer discard = ByteBuffer.allocate(4_096);
            for (int i = 0; i < 16 && connection.getSourceChannel().read(discard.clear()) > 0; i++) {
                // discarded
            }
        } catch (IOException e) {
            // The client is gone: nothing to tell it.
        } finally {
            IoUtils.safeClose(connection);
        }
    }
}
