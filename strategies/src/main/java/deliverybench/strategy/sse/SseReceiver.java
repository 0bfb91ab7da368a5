package deliverybench.strategy.sse;

import deliverybench.client.ClientContext;
import deliverybench.client.HeldStreamReceiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.WireJson;

import java.io.IOException;
import java.util.Map;

/**
 * A device reading {@code GET /events} as a browser's {@code EventSource} would: it parses the event
 * stream, and when the answer ends (cut off, or gone) it connects again with {@code Last-Event-ID}.
 */
final class SseReceiver extends HeldStreamReceiver {

    SseReceiver(ClientContext context, ReceivingDevice device, String token) {
        super(context, device, token);
    }

    @Override
    protected String path(long after) {
        return "/events?after=" + after + context.epochParameter(device);
    }

    @Override
    protected void headers(Map<String, String> headers, long after) {
        headers.put("Accept", "text/event-stream");
        if (after > 0) {
            headers.put(SseFormat.LAST_EVENT_ID.toString(), Long.toString(after));
        }
    }

    @Override
    protected Format format() {
        return new Events();
    }

    /** The event-stream format: fields until a blank line, which dispatches the event. */
    private final class Events implements Format {
        private final StringBuilder data = new StringBuilder();
        private String event = "";

        @Override
        public boolean keepAlive(String line) {
            return line.startsWith(":");
        }

        @Override
        public void line(String line) throws IOException {
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

        private static String value(String line, int after) {
            return line.length() > after && line.charAt(after) == ' ' ? line.substring(after + 1) : line.substring(after);
        }
    }
}
