package deliverybench.strategy.websocket;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import deliverybench.client.ClientContext;
import deliverybench.client.SendLink;
import io.undertow.websockets.client.WebSocketClient;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.net.URI;

/** The driver's sends over a WebSocket of their own: {@code {"send": ..., "id": n}} frames, answered {@code {"sent": n, ...}}. */
final class WebSocketSendLink implements SendLink {

    private static final JsonFactory JSON = new JsonFactory();

    private final XnioIoThread thread;
    private final Listener listener;
    private WebSocketChannel channel;

    WebSocketSendLink(ClientContext context, String token, Listener listener) {
        this.listener = listener;
        URI uri = URI.create(context.webSocketBase()
                + "/ws?after=0&epoch=0&token=" + token);
        WebSocketClient.ConnectionBuilder builder = WebSocketClient.connectionBuilder(context.worker(), context.pool(), uri);
        if (context.tls() != null) {
            context.tls().over(builder, org.xnio.OptionMap.EMPTY);
        }
        IoFuture<WebSocketChannel> opening = builder.connect();
        this.thread = context.worker().getIoThread();
        opening.addNotifier(new IoFuture.HandlingNotifier<WebSocketChannel, Void>() {
            @Override
            public void handleDone(WebSocketChannel result, Void attachment) {
                result.getIoThread().execute(() -> connected(result));
            }

            @Override
            public void handleFailed(IOException exception, Void attachment) {
                thread.execute(() -> listener.closed(WebSocketSendLink.this));
            }
        }, null);
    }

    private void connected(WebSocketChannel result) {
        channel = result;
        result.addCloseTask(ch -> listener.closed(this));
        result.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                answer(message.getData());
            }
        });
        result.resumeReceives();
    }

    /** The welcome opens the link; a sent or refused answer goes to the listener; messages for the sender are not ours. */
    private void answer(String json) {
        long id = -1;
        long seq = -1;
        int status = -1;
        String error = null;
        boolean welcome = false;
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "sent" -> id = parser.getLongValue();
                    case "seq" -> seq = parser.getLongValue();
                    case "status" -> status = parser.getIntValue();
                    case "error" -> error = parser.getText();
                    case "highest" -> welcome = true;
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            IoUtils.safeClose(channel);
            return;
        }
        if (welcome) {
            listener.opened(this);
        } else if (id > 0 && status > 0) {
            listener.refused(id, status, error);
        } else if (id > 0) {
            listener.sent(id, seq);
        }
    }

    @Override
    public void send(long id, String to, String body) {
        WebSockets.sendText("{\"send\":{\"to\":\"" + to + "\",\"body\":\"" + escape(body) + "\"},\"id\":" + id + "}",
                channel, null);
    }

    /** JSON-escapes a body: quotes, backslashes and control characters. */
    static String escape(String body) {
        StringBuilder out = null;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                if (out == null) {
                    out = new StringBuilder(body.length() + 16).append(body, 0, i);
                }
                out.append(c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? body : out.toString();
    }

    @Override
    public XnioIoThread thread() {
        return channel == null ? thread : channel.getIoThread();
    }

    @Override
    public void close() {
        thread().execute(() -> IoUtils.safeClose(channel));
    }
}
