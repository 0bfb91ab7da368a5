package deliverybench.strategy.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.auth.TokenMinter;
import deliverybench.core.ServerConfig;
import deliverybench.server.DeliveryServer;
import deliverybench.store.InMemoryMessageStore;
import deliverybench.strategy.Strategies;
import deliverybench.tls.ClientTls;
import deliverybench.tls.ServerTls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A real server with the MQTT strategy on free loopback ports, tokens for it, and its HTTP send and stats. */
final class MqttServerFixture implements AutoCloseable {

    static final String SECRET = "mqtt-test-secret-of-enough-length-for-hs256";
    static final ObjectMapper JSON = new ObjectMapper();

    final DeliveryServer server;
    final TokenMinter minter = new TokenMinter(SECRET);
    private final HttpClient http;
    private final String httpScheme;

    MqttServerFixture() {
        this(ServerConfig.forTests(SECRET));
    }

    MqttServerFixture(ServerConfig config) {
        this(config, null);
    }

    /** @param tls every port under TLS ({@code serve --tls}), or null; the fixture's HTTP client then trusts it */
    MqttServerFixture(ServerConfig config, ServerTls tls) {
        try {
            server = DeliveryServer.start(config, List.of(new MqttPush(), Strategies.byName("short-poll")),
                    new InMemoryMessageStore(config.retention()), tls);
            http = tls == null ? HttpClient.newHttpClient() : HttpClient.newBuilder().sslContext(
                    ClientTls.trusting(tls.certificate().certificatePem(), true).context()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        httpScheme = tls == null ? "http" : "https";
    }

    String token(String user) {
        return minter.mint(user, Duration.ofHours(1));
    }

    int port() {
        return server.port(MqttPush.LISTENER);
    }

    String uri() {
        return (httpScheme.equals("https") ? "ssl" : "tcp") + "://127.0.0.1:" + port();
    }

    /** POST /messages from {@code from}; returns the seq. */
    long post(String from, String to, String body) throws Exception {
        String json = JSON.writeValueAsString(java.util.Map.of("to", to, "body", body));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(httpScheme + "://127.0.0.1:" + server.httpPort() + "/messages"))
                .header("Authorization", "Bearer " + token(from)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new AssertionError("POST /messages answered " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("seq").asLong();
    }

    /** GET /messages?after=0 as {@code user}: the inbox's messages. */
    JsonNode inbox(String user) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(httpScheme + "://127.0.0.1:" + server.httpPort() + "/messages?after=0"))
                .header("Authorization", "Bearer " + token(user)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("messages");
    }

    /** The {@code mqtt} section of {@code /stats}. */
    JsonNode stats() throws IOException {
        return JSON.readTree(server.statsJson()).path("mqtt");
    }

    @Override
    public void close() {
        server.close();
    }
}
