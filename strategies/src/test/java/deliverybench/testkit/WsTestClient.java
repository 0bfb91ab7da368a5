package deliverybench.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The independent WebSocket client (Java-WebSocket): collects every text frame and the close code. */
public class WsTestClient extends WebSocketClient {

    public final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    public volatile String closeReason;

    public WsTestClient(String uri, Map<String, String> headers) {
        super(URI.create(uri), headers);
    }

    public static WsTestClient connect(String uri, String token) throws InterruptedException {
        WsTestClient client = new WsTestClient(uri, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
        // A server that refuses at once may close before Java-WebSocket reports the open: that is a close, not a failure.
        // Java-WebSocket releases connectBlocking just before it calls onClose, so give onClose a moment.
        if (!client.connectBlocking(5, TimeUnit.SECONDS)) {
            try {
                client.closeCode.get(2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("WebSocket did not connect to " + uri);
            }
        }
        return client;
    }

    /** Takes {@code count} messages, failing if they do not all come within the timeout. */
    public List<JsonNode> take(int count, long timeoutMs) throws InterruptedException {
        List<JsonNode> taken = new ArrayList<>(count);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (taken.size() < count) {
            JsonNode next = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("got " + taken.size() + " of " + count + " messages");
            }
            taken.add(next);
        }
        return taken;
    }

    public int awaitClose(long timeoutMs) throws Exception {
        return closeCode.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
        messages.add(TestServer.parse(message));
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeReason = reason;
        closeCode.complete(code);
    }

    @Override
    public void onError(Exception ex) {
    }
}
