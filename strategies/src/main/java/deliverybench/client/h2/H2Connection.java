package deliverybench.client.h2;

import deliverybench.client.Http1Connection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import org.xnio.Option;
import org.xnio.Options;
import org.xnio.XnioIoThread;
import org.xnio.channels.Configurable;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP/2 connection of a client, its requests multiplexed on it as streams. Requests are made, and answers
 * handed over, on the owner's XNIO I/O thread (where the receiver's state lives); the frames move on the client's
 * shared Netty loop. {@link Configurable} for {@code CLOSE_ABORT}, which a receiver's drop sets (a reset, not a FIN).
 */
public final class H2Connection implements Closeable, Configurable {

    /** What becomes of a streamed answer; every call on the owner's thread. */
    public interface Response {
        /** The final status, before any data. */
        void status(int code);

        /** A part of the body, valid only during the call. */
        void data(ByteBuffer chunk);

        /** The server ended the answer. */
        void end();

        /** The stream was reset or the connection broke before the end. */
        void failed(IOException error);
    }

    private static final AsciiString POST = AsciiString.cached("POST");
    private static final AsciiString GET = AsciiString.cached("GET");

    private final Channel channel;
    private final XnioIoThread owner;
    private final AsciiString scheme;
    private final AsciiString authority;
    private final Frames frames = new Frames();
    private final AtomicBoolean closeFired = new AtomicBoolean();
    private volatile Runnable onClose;
    private volatile boolean closed;

    H2Connection(Channel channel, XnioIoThread owner, boolean tls, String authority) {
        this.channel = channel;
        this.owner = owner;
        this.scheme = AsciiString.cached(tls ? "https" : "http");
        this.authority = new AsciiString(authority);
    }

    /** The handler that reads and writes this connection's frames, after Netty's frame codec in the pipeline. */
    Http2ChannelDuplexHandler handler() {
        return frames;
    }

    public boolean isOpen() {
        return !closed && channel.isActive();
    }

    /** Runs once, on the owner's thread, when the connection closes (at once if it already has). */
    public void onClose(Runnable listener) {
        onClose = listener;
        if (closed) {
            fireClose();
        }
    }

    /** {@code GET path} with the headers ({@code name, value, ...}, names lower case); the answer whole. */
    public void get(String path, Http1Connection.Answer answer, CharSequence... headers) {
        send(GET, path, headers, null, new Whole(answer));
    }

    /** {@code GET path}, its answer read as it arrives. */
    public void get(String path, Response response, CharSequence... headers) {
        send(GET, path, headers, null, new Streamed(response));
    }

    /** {@code POST path} with a body; the answer whole. */
    public void post(String path, byte[] body, Http1Connection.Answer answer, CharSequence... headers) {
        send(POST, path, headers, body, new Whole(answer));
    }

    private void send(AsciiString method, String path, CharSequence[] headers, byte[] body, Pending pending) {
        Http2Headers head = new DefaultHttp2Headers().method(method).scheme(scheme).authority(authority).path(path);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.add(headers[i], headers[i + 1]);
        }
        if (body != null) {
            head.setInt("content-length", body.length);
        }
        try {
            channel.eventLoop().execute(() -> frames.start(head, body, pending));
        } catch (RejectedExecutionException e) {
            pending.fail(new IOException("the HTTP/2 client is shut down"));
        }
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        return option == Options.CLOSE_ABORT;
    }

    @Override
    public <T> T getOption(Option<T> option) {
        return null;
    }

    @Override
    public <T> T setOption(Option<T> option, T value) {
        if (option == Options.CLOSE_ABORT && Boolean.TRUE.equals(value)) {
            // Closing with a zero linger sends a reset, as the XNIO connections do with CLOSE_ABORT.
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (io.netty.channel.ChannelException e) {
                // Closed already: there is nothing left to reset.
            }
        }
        return null;
    }

    private void fireClose() {
        Runnable listener = onClose;
        if (listener != null && closeFired.compareAndSet(false, true)) {
            owner.execute(listener);
        }
    }

    /** One request's answer as it is read, on the Netty loop. */
    private abstract class Pending {
        abstract void status(int code);

        abstract void data(ByteBuf content);

        abstract void end();

        abstract void fail(IOException error);
    }

    /** An answer handed over whole, in one task on the owner's thread. */
    private final class Whole extends Pending {
        private final Http1Connection.Answer answer;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        private int status;

        Whole(Http1Connection.Answer answer) {
            this.answer = answer;
        }

        @Override
        void status(int code) {
            status = code;
        }

        @Override
        void data(ByteBuf content) {
            if (body.size() + content.readableBytes() > Http1Connection.MAX_RESPONSE_BYTES) {
                throw new IllegalStateException("an answer over " + Http1Connection.MAX_RESPONSE_BYTES + " bytes");
            }
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            body.write(bytes, 0, bytes.length);
        }

        @Override
        void end() {
            int code = status;
            byte[] bytes = body.toByteArray();
            owner.execute(() -> answer.answered(code, ByteBuffer.wrap(bytes)));
        }

        @Override
        void fail(IOException error) {
            owner.execute(() -> answer.failed(error));
        }
    }

    /** An answer handed over part by part, each in a task on the owner's thread (in order: its queue is FIFO). */
    private final class Streamed extends Pending {
        private final Response response;

        Streamed(Response response) {
            this.response = response;
        }

        @Override
        void status(int code) {
            owner.execute(() -> response.status(code));
        }

        @Override
        void data(ByteBuf content) {
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            owner.execute(() -> response.data(ByteBuffer.wrap(bytes)));
        }

        @Override
        void end() {
            owner.execute(response::end);
        }

        @Override
        void fail(IOException error) {
            owner.execute(() -> response.failed(error));
        }
    }

    /** Opens streams and routes their frames; runs on the Netty loop only. */
    private final class Frames extends Http2ChannelDuplexHandler {
        private final Map<Http2FrameStream, Pending> open = new HashMap<>();
        private ChannelHandlerContext context;

        @Override
        protected void handlerAdded0(ChannelHandlerContext ctx) {
            context = ctx;
        }

        void start(Http2Headers head, byte[] body, Pending pending) {
            if (closed || context == null) {
                pending.fail(new IOException("the connection is closed"));
                return;
            }
            Http2FrameStream stream = newStream();
            open.put(stream, pending);
            context.write(new DefaultHttp2HeadersFrame(head, body == null).stream(stream)).addListener(written -> {
                if (!written.isSuccess() && open.remove(stream) != null) {
                    pending.fail(new IOException("the request was not sent: " + written.cause(), written.cause()));
                }
            });
            if (body != null) {
                context.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true).stream(stream));
            }
            context.flush();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            try {
                if (message instanceof Http2HeadersFrame headers) {
                    headers(headers);
                } else if (message instanceof Http2DataFrame data) {
                    data(ctx, data);
                } else if (message instanceof Http2ResetFrame reset) {
                    Pending pending = open.remove(reset.stream());
                    if (pending != null) {
                        pending.fail(new IOException("the server reset the stream: error " + reset.errorCode()));
                    }
                }
            } catch (RuntimeException e) {
                ctx.close();
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        private void headers(Http2HeadersFrame frame) {
            Pending pending = open.get(frame.stream());
            if (pending == null) {
                return;
            }
            CharSequence status = frame.headers().status();
            if (status != null) {
                int code = Integer.parseInt(status.toString());
                if (code / 100 == 1 && !frame.isEndStream()) {
                    return;
                }
                pending.status(code);
            }
            if (frame.isEndStream()) {
                open.remove(frame.stream());
                pending.end();
            }
        }

        private void data(ChannelHandlerContext ctx, Http2DataFrame frame) {
            Pending pending = open.get(frame.stream());
            if (!frame.isEndStream() && frame.initialFlowControlledBytes() > 0) {
                // Read at once, so the window is given back at once (the codec leaves that to its user).
                ctx.write(new DefaultHttp2WindowUpdateFrame(frame.initialFlowControlledBytes()).stream(frame.stream()));
            }
            if (pending == null) {
                return;
            }
            pending.data(frame.content());
            if (frame.isEndStream()) {
                open.remove(frame.stream());
                pending.end();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed = true;
            // As a closed XNIO channel reports it: a close, not the server's fault.
            IOException error = new java.nio.channels.ClosedChannelException();
            open.values().forEach(pending -> pending.fail(error));
            open.clear();
            fireClose();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
