package deliverybench.core.stats;

import deliverybench.core.http.Responses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import one.profiler.AsyncProfiler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * {@code POST /profile?action=start|stop&name=<file>.html}, served only by {@code serve --profile-dir}:
 * async-profiler, in this process, samples CPU (perf events, or its itimer mode where the kernel
 * refuses them) between start and stop and writes a flame graph into the profile folder, nowhere else.
 */
public final class ProfilerEndpoint implements HttpHandler {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9@+._-]{1,100}\\.html");

    /** The profiler's command line: async-profiler's {@code execute}, or a test's script. */
    @FunctionalInterface
    interface Commands {
        String execute(String command) throws IOException;
    }

    private final Path directory;
    private Commands profiler;
    private String mode;

    public ProfilerEndpoint(Path directory) {
        this.directory = directory;
    }

    ProfilerEndpoint(Path directory, Commands profiler) {
        this.directory = directory;
        this.profiler = profiler;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            // Starting the profiler loads a native library: not on an I/O thread.
            exchange.dispatch(this);
            return;
        }
        String action = parameter(exchange, "action");
        try {
            if ("start".equals(action)) {
                Responses.json(exchange, 200, ("{\"mode\":\"" + start() + "\"}").getBytes());
            } else if ("stop".equals(action)) {
                String name = parameter(exchange, "name");
                if (name == null || !NAME.matcher(name).matches()) {
                    Responses.error(exchange, 400, "name must be a file name ending in .html, letters, digits and @+._- only");
                    return;
                }
                Path file = directory.resolve(name);
                String used = stop(file);
                Responses.json(exchange, 200, ("{\"mode\":\"" + used + "\",\"file\":\"" + name + "\"}").getBytes());
            } else {
                Responses.error(exchange, 400, "action must be start or stop");
            }
        } catch (IOException | RuntimeException e) {
            Responses.error(exchange, 500, "the profiler failed: " + e.getMessage());
        }
    }

    /** Starts sampling: perf-event CPU samples, or the itimer where perf events are refused; returns the mode. */
    synchronized String start() throws IOException {
        if (profiler == null) {
            profiler = AsyncProfiler.getInstance()::execute;
        }
        try {
            profiler.execute("start,event=cpu,interval=1ms");
            mode = "cpu";
        } catch (IllegalStateException e) {
            // perf_event_paranoid, a container without perf events: async-profiler's timer mode needs none.
            profiler.execute("start,event=itimer,interval=1ms");
            mode = "itimer";
        }
        return mode;
    }

    synchronized String stop(Path file) throws IOException {
        if (profiler == null || mode == null) {
            throw new IllegalStateException("not started");
        }
        // The same samples as collapsed stacks beside the flame graph, for text tools (top frames, diffs).
        String html = file.toAbsolutePath().toString();
        profiler.execute("dump,collapsed,file=" + html.substring(0, html.length() - ".html".length()) + ".collapsed");
        profiler.execute("stop,file=" + html);
        String used = mode;
        mode = null;
        return used;
    }

    private static String parameter(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
