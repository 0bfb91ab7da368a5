package deliverybench.strategy.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;

/**
 * A device reading {@code GET /stream} line by line: when the server ends the answer at its maximum
 * age it asks again at once, with {@code after=next}, on the same kept-alive connection; when the
 * answer breaks off or ends on a gap it connects again and resumes. No thread per stream.
 */
final class StreamReceiver extends PushReceiver<ClientConnection> {

    private static final ObjectMapper JSON = new ObjectMapper();


    StreamReceiver(ClientContext context, ReceivingDevice device, String token) {
        super(context, device, token);
    }

    @Override
    protected IoFuture<ClientConnection> open() {
        return UndertowClient.getInstance().connect(context.http(), thread, context.pool(), socketOptions());
    }

    @Override
    protected void connected(ClientConnection connection) {
        connection.getCloseSetter().set(c -> reconnector.disconnected());
        ask(connection);
    }

    private void ask(ClientConnection connection) {
        if (reconnector.closed() || !connection.isOpen()) {
            return;
        }
        String path = "/stream?after=" + device.resumeAfter() + context.epochParameter(device);
        StreamingGet.send(connection, context.pool(), path, Map.of("Authorization", "Bearer " + token), this::slow,
                new Lines(connection));
    }

    /** One answer's lines. */
    private final class Lines implements StreamingGet.Lines {
        private final ClientConnection connection;
        private final StringBuilder errorBody = new StringBuilder();
        private int status;
        private boolean endedByServer;

        Lines(ClientConnection connection) {
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
            } else if (line.startsWith("{\"seq\"")) {
                // The common case, read without building a tree.
                WireJson.visitPushed(line, device::deliver, device::epoch);
            } else if (!line.isEmpty()) {
                control(JSON.readTree(line));
            }
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

        @Override
        public void end() {
            if (status == 200 && endedByServer) {
                // RFC 6202 3.2: the server ended a long answer; ask again where it said, on the same connection.
                ask(connection);
                return;
            }
            if (status == 410) {
                context.countGone();
                String body = errorBody.toString();
                device.gone(WireJson.field(body, "oldest") - 1, WireJson.field(body, "epoch"));
            } else if (status != 200) {
                context.countError();
            }
            // Cut off, gone, refused: connect again (after the backoff) and resume.
            IoUtils.safeClose(connection);
        }

        @Override
        public void failed(IOException error) {
            if (status == 200) {
                context.countError();
            }
            IoUtils.safeClose(connection);
        }
    }
}
