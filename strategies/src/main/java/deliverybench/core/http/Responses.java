package deliverybench.core.http;

import deliverybench.core.JsonCodec;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.ByteBuffer;

/** Sends the JSON answers of the HTTP endpoints, always from the exchange's I/O thread and without blocking. */
public final class Responses {

    private Responses() {
    }

    public static void json(HttpServerExchange exchange, int status, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    public static void error(HttpServerExchange exchange, int status, String what) {
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        json(exchange, status, JsonCodec.error(what));
    }
}
