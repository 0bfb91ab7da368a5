package deliverybench.strategy.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import deliverybench.client.ClientContext;
import deliverybench.client.HeldStreamReceiver;
import deliverybench.client.ReceivingDevice;
import deliverybench.client.WireJson;

import java.io.IOException;

/**
 * A device reading {@code GET /stream} line by line: when the server ends the answer at its maximum
 * age it asks again at once, with {@code after=next}, on the same kept-alive connection; when the
 * answer breaks off or ends on a gap it connects again and resumes.
 */
final class StreamReceiver extends HeldStreamReceiver {
    private static final ObjectMapper JSON = new ObjectMapper();

    StreamReceiver(ClientContext context, ReceivingDevice device, String token) {
        super(context, device, token);
    }

    @Override
    protected String path(long after) {
        return "/stream?after=" + after + context.epochParameter(device);
    }

    @Override
    protected Format format() {
        return new Lines();
    }

    /** One answer's NDJSON lines. */
    private final class Lines implements Format {
        private boolean endedByServer;

        @Override
        public boolean keepAlive(String line) {
            return line.startsWith("{\"ping\"");
        }

        @Override
        public void line(String line) throws IOException {
            if (line.startsWith("{\"seq\"")) {
                // The common case, read without building a tree.
                WireJson.visitPushed(line, device::deliver, device::epoch);
            } else if (!line.isEmpty()) {
                control(JSON.readTree(line));
            }
        }

        @Override
        public boolean endedByServer() {
            return endedByServer;
        }

        private void control(JsonNode line) throws IOException {
            if (line.has("end")) {
                endedByServer = true;
            } else if (line.has("gone")) {
                context.countGone();
                device.gone(line.get("gone").path("oldest").asLong() - 1, line.get("gone").path("epoch").asLong());
            } else if (line.has("epoch") && line.has("highest")) {
                device.epoch(line.get("epoch").asLong());
                reconnector.succeeded();
            } else if (line.has("seq")) {
                WireJson.visitPushed(line.toString(), device::deliver, device::epoch);
            } else if (!line.has("ping")) {
                throw new IOException("unexpected line: " + WireJson.abbreviate(line.toString()));
            }
        }
    }
}
