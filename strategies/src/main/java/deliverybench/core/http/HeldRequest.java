package deliverybench.core.http;

import io.undertow.server.HttpServerExchange;

/**
 * Lets a held exchange's request go once it has been read: its headers (the token among them), query, path and the
 * strings of its URI. Undertow keeps an exchange for as long as its answer is held (a long poll, an SSE or HTTP
 * stream) or, after a WebSocket upgrade, for the connection's life; at 10,000 held connections the request's headers
 * and query (a tree map, a deque of 16 per parameter, their strings) were about 1 KB of each. Call it once nothing
 * reads the request again: routing, the token, the query and the request's framing are all done before a handler
 * holds the answer.
 */
public final class HeldRequest {

    private HeldRequest() {
    }

    public static void forget(HttpServerExchange exchange) {
        exchange.getRequestHeaders().clear();
        exchange.getQueryParameters().clear();
        exchange.getPathParameters().clear();
        exchange.setQueryString("");
        exchange.setRequestURI("");
        exchange.setRequestPath("");
        exchange.setRelativePath("");
    }
}
