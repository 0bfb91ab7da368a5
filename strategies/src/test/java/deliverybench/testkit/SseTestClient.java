package deliverybench.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An event-stream reader the project did not write the transport of: the JDK HttpClient hands over the
 * answer line by line, and this parses the format on its own (fields, blank line dispatches).
 */
public final class SseTestClient implements AutoCloseable {

    /** One dispatched event: its name ({@code message} when none), its id (null when none) and its data. */
    public record Event(String name, String id, String data) {
    }

    public final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    public final CompletableFuture<Void> ended = new CompletableFuture<>();
    public final int status;
    public final String contentType;
    private final Stream<String> lines;

    private SseTestClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.lines = response.body();
        Thread reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseTestClient open(URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        return new SseTestClient(response);
    }

    private void read() {
        String name = "";
        String id = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name.isEmpty() ? "message" : name, id, data.toString()));
                    }
                    name = "";
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line);
                } else if (line.startsWith("data: ")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(6));
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                }
            }
            ended.complete(null);
        } catch (RuntimeException e) {
            ended.completeExceptionally(e);
        }
    }

    /** Takes {@code count} events, failing unless they all come within the timeout. */
    public List<Event> take(int count, long timeoutMs) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (taken.size() < count) {
            Event next = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("got " + taken.size() + " of " + count + " events: " + taken);
            }
            taken.add(next);
        }
        return taken;
    }

    @Override
    public void close() {
        lines.close();
    }
}
