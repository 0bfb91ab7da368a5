package deliverybench.strategy.sse;

import deliverybench.client.ClientContext;
import deliverybench.client.PushReceiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.StreamingGet;
import deliverybench.client.WireJson;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import org.xnio.IoFuture;
import org.xnio.IoUtils;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device reading {@code GET /events} as a browser's {@code EventSource} would: it parses the event
 * stream, and when the answer ends (cut off, or gone) it connects again with {@code Last-Event-ID}.
 * A small client on the driver's shared XNIO worker: no thread per stream.
 */
final class SseReceiver extends PushReceiver<ClientConnection> {


    SseReceiver(ClientContext context, ReceivingDevice device, String token) {
        super(context, device, token);
    }

    @Override
    protected IoFuture<ClientConnection> open() {
        return UndertowClient.getInstance().connect(context.http(), thread, context.pool(), socketOptions());
    }

    @Override
    protected void connected(ClientConnection connection) {
        connection.getCloseSetter().set(c -> reconnector.disconnected());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Accept", "text/event-stream");
        long after = device.resumeAfter();
        if (after > 0) {
            headers.put(SseFormat.LAST_EVENT_ID.toString(), Long.toString(after));
        }
        String path = "/events?after=" + after + context.epochParameter(device);
        StreamingGet.send(connection, context.pool(), path, headers, this::slow, new Events(connection));
    }

    /** The event-stream format: fields until a blank line, which dispatches the event. */
    private final class Events implements StreamingGet.Lines {
        private final ClientConnection connection;
        private final StringBuilder data = new StringBuilder();
        private final StringBuilder errorBody = new StringBuilder();
        private String event = "";
        private int status;

        Events(ClientConnection connection) {
            this.connection = connection;
        }

        @Override
        public void status(int code) {
            status = code;
        }

        @Override
        public void line(String line) throws IOException {
            if (status != 200) {
                errorBody.append(line);
                return;
            }
            if (line.isEmpty()) {
                dispatch();
            } else if (line.startsWith("data:")) {
                data.append(data.length() > 0 ? "\n" : "").append(value(line, 5));
            } else if (line.startsWith("event:")) {
                event = value(line, 6);
            }
            // id: is the seq, which the data carries too; a comment (":") keeps the connection alive.
        }

        private void dispatch() throws IOException {
            String json = data.toString();
            String name = event;
            data.setLength(0);
            event = "";
            if (json.isEmpty()) {
                return;
            }
            switch (name) {
                case "", "message" -> WireJson.visitPushed(json, device::deliver, device::epoch);
                case "hello" -> {
                    device.epoch(WireJson.field(json, "epoch"));
                    reconnector.succeeded();
                }
                case "gone" -> {
                    context.countGone();
                    device.gone(WireJson.field(json, "oldest") - 1, WireJson.field(json, "epoch"));
                }
                default -> context.countError();
            }
        }

        @Override
        public void end() {
            if (status == 410) {
                context.countGone();
                String body = errorBody.toString();
                device.gone(WireJson.field(body, "oldest") - 1, WireJson.field(body, "epoch"));
            } else if (status != 200) {
                context.countError();
            }
            // Cut off, gone, refused: connect again (after the backoff) and resume, as EventSource does.
            IoUtils.safeClose(connection);
        }

        @Override
        public void failed(IOException error) {
            if (status == 200) {
                context.countError();
            }
            IoUtils.safeClose(connection);
        }

        private static String value(String line, int after) {
            return line.length() > after && line.charAt(after) == ' ' ? line.substring(after + 1) : line.substring(after);
        }
    }
}
