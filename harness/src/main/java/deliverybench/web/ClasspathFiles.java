package deliverybench.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;

/**
 * Static files packaged in the jar, read once and served from memory: the pages of {@code demo} and
 * {@code run --live} and the uPlot webjar they chart with, so that both work offline.
 */
public final class ClasspathFiles {

    /** uPlot's files inside its webjar ({@code org.webjars.npm:uplot}). */
    public static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "png", "image/png",
            "svg", "image/svg+xml");

    private ClasspathFiles() {
    }

    /** A handler answering with the resource's bytes; fails now, at start-up, when the jar lacks it. */
    public static HttpHandler handler(String resource) {
        byte[] bytes = read(resource);
        if (bytes == null) {
            throw new IllegalStateException("the jar has no " + resource);
        }
        return handler(bytes, type(resource));
    }

    /** A handler answering with these bytes as {@code contentType}. */
    public static HttpHandler handler(byte[] bytes, String contentType) {
        return exchange -> send(exchange, bytes, contentType);
    }

    /** The resource's bytes, or null when the jar has none by that name. */
    public static byte[] read(String resource) {
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void send(HttpServerExchange exchange, byte[] bytes, String contentType) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        // The page may change with the jar; a reload must not show an old one.
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    static String type(String resource) {
        String extension = resource.substring(resource.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
