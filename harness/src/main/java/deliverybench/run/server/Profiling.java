package deliverybench.run.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import deliverybench.results.StrategyResult;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code run --profile}: asks the spawned server (started with {@code --profile-dir}) to profile its
 * CPU over the measured window and to write a flame graph named after the strategy. The requests go
 * from the background executor, so no send waits for them.
 */
public final class Profiling {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI http;
    private final Executor background;
    private final String name;
    private CompletableFuture<String> started;
    private CompletableFuture<String> stopped;

    /** @param name the flame graph's file name, {@code <label>.html} */
    public Profiling(URI http, Executor background, String name) {
        this.http = http;
        this.background = background;
        this.name = name;
    }

    public void start() {
        started = CompletableFuture.supplyAsync(() -> post("action=start").path("mode").asText(), background);
    }

    public void stop() {
        if (started != null) {
            // A '+' in a query is a space: a label such as websocket+send must be encoded.
            stopped = started.thenApplyAsync(mode -> post("action=stop&name="
                    + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).path("mode").asText(), background);
        }
    }

    /** What the report links: {@code profiles/<name> (cpu)}, or why there is none. */
    public String outcome() {
        if (stopped == null) {
            return null;
        }
        try {
            return StrategyResult.PROFILES + "/" + name + " (" + stopped.join() + ")";
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return "not profiled: " + cause.getMessage();
        }
    }

    private JsonNode post(String query) {
        try {
            HttpURLConnection connection = (HttpURLConnection) http.resolve("/profile?" + query).toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(60_000);
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                JsonNode answer = JSON.readTree(in);
                if (status != 200) {
                    throw new IllegalStateException("the server's profiler answered " + status + ": " + answer.path("error").asText());
                }
                return answer;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the server's profiler: " + e.getMessage(), e);
        }
    }
}
