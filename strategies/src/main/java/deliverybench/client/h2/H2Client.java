package deliverybench.client.h2;

import deliverybench.tls.ClientTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.xnio.FutureResult;
import org.xnio.IoFuture;
import org.xnio.XnioIoThread;

import javax.net.ssl.SSLEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The driver's HTTP/2 client ({@code run --http2}): {@code h2} by ALPN under TLS, {@code h2c} with prior knowledge
 * without, every connection on one small shared Netty loop group, so that threads do not grow with connections.
 * Netty's {@code netty-codec-http2} does the framing, HPACK and flow control.
 */
public final class H2Client {

    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final EventLoopGroup loops;
    private final ClientTls tls;

    /** @param tls the TLS to speak, null for h2c */
    public H2Client(EventLoopGroup loops, ClientTls tls) {
        this.loops = loops;
        this.tls = tls;
    }

    /** The loop group every connection of a run shares: half the cores, at least one thread. */
    public static EventLoopGroup newLoops() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /** Stops the loop group, closing whatever is still open on it. */
    public static void shutdown(EventLoopGroup loops) {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    public boolean tls() {
        return tls != null;
    }

    /**
     * Opens an HTTP/2 connection whose answers are handed over on {@code owner}; done once it speaks HTTP/2 (after
     * the TLS handshake and ALPN's {@code h2}). {@code receiveBufferBytes} 0 leaves the socket's default.
     */
    public IoFuture<H2Connection> connect(XnioIoThread owner, InetSocketAddress server, int receiveBufferBytes) {
        FutureResult<H2Connection> result = new FutureResult<>(owner);
        String authority = server.getHostString() + ":" + server.getPort();
        Bootstrap bootstrap = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (tls == null) {
                            return;
                        }
                        SSLEngine engine = tls.newEngine(server.getHostString(), server.getPort(), "h2");
                        channel.pipeline().addLast(new SslHandler(engine), new Alpn(engine, owner, authority, result));
                    }
                });
        if (receiveBufferBytes > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, receiveBufferBytes);
        }
        bootstrap.connect(server).addListener(connected -> {
            Channel channel = ((io.netty.channel.ChannelFuture) connected).channel();
            if (!connected.isSuccess()) {
                result.setException(io(connected.cause()));
            } else if (tls == null) {
                // h2c with prior knowledge: the codec writes the preface at once, requests may follow it.
                result.setResult(speak(channel.pipeline(), channel, owner, authority));
            }
        });
        return result.getIoFuture();
    }

    private static H2Connection speak(ChannelPipeline pipeline, Channel channel, XnioIoThread owner, String authority) {
        H2Connection connection = new H2Connection(channel, owner, pipeline.get(SslHandler.class) != null, authority);
        pipeline.addLast(Http2FrameCodecBuilder.forClient().build(), connection.handler());
        return connection;
    }

    private static IOException io(Throwable cause) {
        return cause instanceof IOException e ? e : new IOException(String.valueOf(cause), cause);
    }

    /** Waits for the TLS handshake, then speaks HTTP/2 if the server chose {@code h2}, else gives up. */
    private static final class Alpn extends ChannelInboundHandlerAdapter {
        private final SSLEngine engine;
        private final XnioIoThread owner;
        private final String authority;
        private final FutureResult<H2Connection> result;

        Alpn(SSLEngine engine, XnioIoThread owner, String authority, FutureResult<H2Connection> result) {
            this.engine = engine;
            this.owner = owner;
            this.authority = authority;
            this.result = result;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (!(event instanceof SslHandshakeCompletionEvent handshake)) {
                super.userEventTriggered(ctx, event);
                return;
            }
            ctx.pipeline().remove(this);
            if (!handshake.isSuccess()) {
                result.setException(io(handshake.cause()));
                ctx.close();
            } else if (!"h2".equals(engine.getApplicationProtocol())) {
                result.setException(new IOException("the server did not choose h2 by ALPN (it chose '"
                        + engine.getApplicationProtocol() + "'): is it serving with --http2?"));
                ctx.close();
            } else {
                result.setResult(speak(ctx.pipeline(), ctx.channel(), owner, authority));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            result.setException(new IOException("the connection closed during the TLS handshake"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.setException(io(cause));
            ctx.close();
        }
    }
}
