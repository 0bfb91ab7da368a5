package deliverybench.core.http;

import deliverybench.auth.AuthException;
import deliverybench.auth.TokenVerifier;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** Authenticates an HTTP request by its bearer token, answering 401 itself when the token is refused. */
public final class HttpAuth {

    private final TokenVerifier verifier;

    public HttpAuth(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** The caller's user id, or null after a 401 has been sent. */
    public String userOrRefuse(HttpServerExchange exchange) {
        String token = TokenVerifier.bearerToken(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        try {
            return verifier.verify(token);
        } catch (AuthException e) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            Responses.error(exchange, 401, e.getMessage());
            return null;
        }
    }

    public TokenVerifier verifier() {
        return verifier;
    }
}
