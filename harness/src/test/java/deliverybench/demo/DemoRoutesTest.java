package deliverybench.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.auth.TokenVerifier;
import deliverybench.core.ServerConfig;
import deliverybench.server.DeliveryServer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's routes over raw HTTP: tokens only for loopback pages and valid users, and only in {@code demo}. */
class DemoRoutesTest {

    private static final String SECRET = "routes-test-secret";

    @Test
    void aTokenIsGivenForAValidUserToALoopbackPageOnly() throws Exception {
        try (DemoServer demo = DemoServer.start(ServerConfig.forTests(SECRET))) {
            int port = demo.server().httpPort();
            String[] ok = get(port, "/demo/api/token?user=alice", "127.0.0.1:" + port);
            assertEquals("200", ok[0]);
            String token = new ObjectMapper().readTree(ok[1]).get("token").asText();
            assertEquals("alice", new TokenVerifier(SECRET).verify(token));
            assertEquals("200", get(port, "/demo/api/token?user=bob", "localhost:" + port)[0]);
            assertEquals("200", get(port, "/demo/api/token?user=bob", "[::1]:" + port)[0]);

            String[] rebound = get(port, "/demo/api/token?user=alice", "evil.example:" + port);
            assertEquals("403", rebound[0]);
            assertTrue(rebound[1].contains("not at 'evil.example'"), rebound[1]);
            String[] bad = get(port, "/demo/api/token?user=no%20spaces", "127.0.0.1");
            assertEquals("400", bad[0]);
            assertTrue(bad[1].contains("'no spaces' is not a valid user id"), bad[1]);
            assertEquals("400", get(port, "/demo/api/token", "127.0.0.1")[0]);
        }
    }

    @Test
    void thePageListsTheServersStrategiesAndServesItsFilesFromTheJar() throws Exception {
        try (DemoServer demo = DemoServer.start(ServerConfig.forTests(SECRET))) {
            int port = demo.server().httpPort();
            JsonNode list = new ObjectMapper().readTree(get(port, "/demo/api/strategies", "127.0.0.1")[1]);
            assertEquals(demo.panels().size(), list.get("strategies").size());
            for (JsonNode strategy : list.get("strategies")) {
                String name = strategy.get("name").asText();
                assertEquals(demo.browserClients().contains(name), strategy.get("browser").asBoolean(), name);
                assertTrue(strategy.path("texts").path("picture").has("zh"), name + " has its picture in Chinese");
                if (strategy.get("browser").asBoolean()) {
                    assertEquals("200", get(port, "/demo/strategy/" + name + ".js", "127.0.0.1")[0], name);
                } else {
                    assertTrue(strategy.path("texts").path("why").has("en"), name + " says why the browser cannot");
                }
            }
            assertTrue(demo.browserClients().containsAll(java.util.List.of("short-poll", "long-poll", "websocket", "sse", "stream")));
            for (String file : new String[]{"/demo/", "/demo/app.js", "/demo/uplot/uPlot.iife.min.js"}) {
                assertEquals("200", get(port, file, "127.0.0.1")[0], file);
            }
        }
    }

    @Test
    void serveHasNoTokenRoute() throws Exception {
        try (DeliveryServer server = DeliveryServer.start(ServerConfig.forTests(SECRET))) {
            assertEquals("404", get(server.httpPort(), "/demo/api/token?user=alice", "127.0.0.1")[0]);
        }
    }

    /** Status and body of a GET with this Host header (one a JDK client would not let us set). */
    private static String[] get(int port, String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new String[]{answer.substring(9, 12), answer.substring(answer.indexOf("\r\n\r\n") + 4)};
        }
    }
}
