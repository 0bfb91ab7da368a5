package deliverybench.client;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.connector.ByteBufferPool;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StringReadChannelListener;
import io.undertow.util.StringWriteChannelListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 request on a kept-alive Undertow client connection, answered by a callback; never blocks. */
public final class HttpCall {

    /** The answer to a request: its status and body, or the I/O error that ended it. */
    public interface Answer {
        void response(int status, String body);

        void failed(IOException error);
    }

    private HttpCall() {
    }

    public static void get(ClientConnection connection, ByteBufferPool pool, String path, String token, Answer answer) {
        ClientRequest request = new ClientRequest().setMethod(Methods.GET).setPath(path);
        request.getRequestHeaders().put(Headers.HOST, "localhost");
        request.getRequestHeaders().put(Headers.AUTHORIZATION, "Bearer " + token);
        connection.sendRequest(request, callback(pool, null, answer));
    }

    public static void post(ClientConnection connection, ByteBufferPool pool, String path, String token, String json,
                     Answer answer) {
        ClientRequest request = new ClientRequest().setMethod(Methods.POST).setPath(path);
        request.getRequestHeaders().put(Headers.HOST, "localhost");
        request.getRequestHeaders().put(Headers.AUTHORIZATION, "Bearer " + token);
        request.getRequestHeaders().put(Headers.CONTENT_TYPE, "application/json");
        request.getRequestHeaders().put(Headers.CONTENT_LENGTH, json.getBytes(StandardCharsets.UTF_8).length);
        connection.sendRequest(request, callback(pool, json, answer));
    }

    private static ClientCallback<ClientExchange> callback(ByteBufferPool pool, String body, Answer answer) {
        return new ClientCallback<>() {
            @Override
            public void completed(ClientExchange exchange) {
                if (body != null) {
                    new StringWriteChannelListener(body, StandardCharsets.UTF_8).setup(exchange.getRequestChannel());
                }
                exchange.setResponseListener(new ClientCallback<>() {
                    @Override
                    public void completed(ClientExchange result) {
                        int status = result.getResponse().getResponseCode();
                        new StringReadChannelListener(pool) {
                            @Override
                            protected void stringDone(String string) {
                                answer.response(status, string);
                            }

                            @Override
                            protected void error(IOException e) {
                                answer.failed(e);
                            }
                        }.setup(result.getResponseChannel());
                    }

                    @Override
                    public void failed(IOException e) {
                        answer.failed(e);
                    }
                });
            }

            @Override
            public void failed(IOException e) {
                answer.failed(e);
            }
        };
    }
}
