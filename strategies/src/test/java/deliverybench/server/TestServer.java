package deliverybench.server;

import deliverybench.core.ServerConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.auth.TokenMinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real server on free loopback ports and the JDK HttpClient to talk to it, for integration tests. */
final class TestServer implements AutoCloseable {

    static final String SECRET = "test-secret-of-enough-length-for-hs256";
    static final ObjectMapper JSON = new ObjectMapper();

    final DeliveryServer server;
    final TokenMinter minter = new TokenMinter(SECRET);
    private final AutoCloseable alsoClose;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(ServerConfig config) {
        alsoClose = () -> { };
        try {
            server = DeliveryServer.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TestServer() {
        this(ServerConfig.forTests(SECRET));
    }

    /** Wraps a server already started (on another store, with other strategies). */
    TestServer(DeliveryServer started) {
        this(started, () -> { });
    }

    /** Wraps a server already started, and closes {@code alsoClose} (its store) after it. */
    TestServer(DeliveryServer started, AutoCloseable alsoClose) {
        server = started;
        this.alsoClose = alsoClose;
    }

    String token(String user) {
        return minter.mint(user, Duration.ofHours(1));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery);
    }

    String wsUri(String pathAndQuery) {
        return "ws://127.0.0.1:" + server.httpPort() + pathAndQuery;
    }

    HttpResponse<String> get(String pathAndQuery, String token) {
        return send(request(pathAndQuery, token));
    }

    /** A GET of the path with the token as a bearer (none when null), to add headers to. */
    HttpRequest.Builder request(String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(130));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.GET();
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request.build());
    }

    HttpResponse<String> post(String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/messages")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Sends a message and returns its seq, failing the test unless the server answered 202. */
    long sendMessage(String from, String to, String body) {
        HttpResponse<String> response = post(token(from), json(to, body));
        if (response.statusCode() != 202) {
            throw new AssertionError("send answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body()).get("seq").asLong();
    }

    JsonNode stats() {
        return parse(get("/stats", null).body());
    }

    static String json(String to, String body) {
        try {
            return JSON.writeValueAsString(java.util.Map.of("to", to, "body", body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        try {
            alsoClose.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
