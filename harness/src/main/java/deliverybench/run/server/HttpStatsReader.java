package deliverybench.run.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import java.util.concurrent.TimeUnit;

/** Reads {@code /health} and {@code /stats}: the control plane, a few calls per run, so a plain blocking client. */
public final class HttpStatsReader implements StatsReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI http;
    private final SSLSocketFactory tls;

    public HttpStatsReader(URI http) {
        this.http = http;
        this.tls = null;
    }

    /** The server's control plane, under TLS when its clients speak it. */
    public HttpStatsReader(ServerTarget target) {
        this.http = target.http();
        this.tls = target.tls() == null ? null : target.tls().context().getSocketFactory();
    }

    private HttpURLConnection open(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) http.resolve(path).toURL().openConnection();
        if (tls != null && connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls);
        }
        return connection;
    }

    @Override
    public JsonNode stats() throws IOException {
        HttpURLConnection connection = open("/stats");
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(10_000);
        try (InputStream in = connection.getInputStream()) {
            return JSON.readTree(in);
        } finally {
            connection.disconnect();
        }
    }

    /** Waits until {@code /health} answers 200. */
    public void awaitHealthy(long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection connection = open("/health");
                connection.setConnectTimeout(1_000);
                connection.setReadTimeout(1_000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new IOException("server at " + http + " not healthy after " + timeoutMs + " ms"
                + (last == null ? "" : ": " + last.getMessage()));
    }
}
