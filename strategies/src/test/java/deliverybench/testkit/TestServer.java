package deliverybench.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.auth.TokenMinter;
import deliverybench.core.ServerConfig;
import deliverybench.server.DeliveryServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real server on free loopback ports and the JDK HttpClient to talk to it, for integration tests. */
public final class TestServer implements AutoCloseable {

    public static final String SECRET = "test-secret-of-enough-length-for-hs256";
    public static final ObjectMapper JSON = new ObjectMapper();
    /** How long a test waits for the server to reach a state before it fails. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    public final DeliveryServer server;
    public final TokenMinter minter = new TokenMinter(SECRET);
    private final AutoCloseable alsoClose;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestServer(ServerConfig config) {
        alsoClose = () -> { };
        try {
            server = DeliveryServer.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestServer() {
        this(ServerConfig.forTests(SECRET));
    }

    /** Wraps a server already started (on another store, with other strategies). */
    public TestServer(DeliveryServer started) {
        this(started, () -> { });
    }

    /** Wraps a server already started, and closes {@code alsoClose} (its store) after it. */
    public TestServer(DeliveryServer started, AutoCloseable alsoClose) {
        server = started;
        this.alsoClose = alsoClose;
    }

    public String token(String user) {
        return minter.mint(user, Duration.ofHours(1));
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery);
    }

    public String wsUri(String pathAndQuery) {
        return "ws://127.0.0.1:" + server.httpPort() + pathAndQuery;
    }

    public HttpResponse<String> get(String pathAndQuery, String token) {
        return send(request(pathAndQuery, token));
    }

    /** A GET of the path with the token as a bearer (none when null), to add headers to. */
    public HttpRequest.Builder request(String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(130));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.GET();
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request.build());
    }

    public HttpResponse<String> post(String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/messages")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Sends a message and returns its seq, failing the test unless the server answered 202. */
    public long sendMessage(String from, String to, String body) {
        HttpResponse<String> response = post(token(from), json(to, body));
        if (response.statusCode() != 202) {
            throw new AssertionError("send answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body()).get("seq").asLong();
    }

    public JsonNode stats() {
        return parse(get("/stats", null).body());
    }

    /** Waits until {@code strategy}'s open-connection gauge reads {@code expected}, failing with its last reading. */
    public void awaitOpen(String strategy, long expected) {
        Await.untilEquals(expected, () -> server.stats().of(strategy).openConnections(), WAIT, strategy + " open connections");
    }

    /** Waits until the store has {@code count} subscribers: held long polls, or push sessions following live. */
    public void awaitSubscribers(long count) {
        Await.untilEquals(count, () -> server.store().subscribers(), WAIT, "store subscribers");
    }

    public static String json(String to, String body) {
        try {
            return JSON.writeValueAsString(java.util.Map.of("to", to, "body", body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String body) {
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
