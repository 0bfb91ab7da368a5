package deliverybench.strategy.mqtt;

import deliverybench.auth.TokenVerifier;
import deliverybench.core.push.ConnectionSends;
import deliverybench.core.JsonCodec;
import deliverybench.core.ServerCore;
import deliverybench.core.stats.StrategyCounters;
import deliverybench.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import javax.net.ssl.SSLEngine;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT listener: a Netty event loop of {@value #LOOP_THREADS} threads of its own, TLS first under
 * {@code serve --tls}, the codec with its packet bound, and what every connection shares (the live client
 * ids, the persistent sessions, the unfinished handshakes per address).
 */
final class MqttEndpoint {

    /** Fixed and small: the work per packet is a store call and a copy, like the XNIO threads'. */
    static final int LOOP_THREADS = 2;
    /** The largest remaining length taken: a send of the largest body, its JSON and its topic (the TCP frame's bound). */
    static final int MAX_PACKET_BYTES = JsonCodec.MAX_BODY_BYTES + 1_024;
    /** The largest remaining length before a CONNECT is accepted: a CONNECT with the longest token looked at. */
    static final int MAX_CONNECT_BYTES = 1_024 + TokenVerifier.MAX_TOKEN_CHARS;
    /** Thread names start with the XNIO worker's, so that {@code /stats} books their CPU to the request path. */
    private static final String THREAD_PREFIX = "deliverybench mqtt";

    final ServerCore core;
    final StrategyCounters counters;
    final ConnectionSends sends;
    final MqttSessions sessions;
    /** The live connection of each client id: a new CONNECT with the same id takes the session over. */
    final ConcurrentHashMap<String, MqttConnection> live = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Integer> handshakes = new ConcurrentHashMap<>();
    private final EventLoopGroup group;
    private final Channel server;

    private MqttEndpoint(ServerCore core, StrategyCounters counters) throws IOException {
        this.core = core;
        this.counters = counters;
        this.sends = new ConnectionSends(core);
        this.sessions = new MqttSessions(core.config().maxDevices());
        this.group = new MultiThreadIoEventLoopGroup(LOOP_THREADS, new DefaultThreadFactory(THREAD_PREFIX, true),
                NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4_096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        MqttFrameSplitter splitter = new MqttFrameSplitter(MAX_CONNECT_BYTES);
                        if (core.tls() != null) {
                            underTls(channel.pipeline(), core.tls());
                        }
                        channel.pipeline().addLast("meter", new MqttMeter(counters.bytesIn, counters.bytesOut))
                                .addLast("splitter", splitter)
                                .addLast("decoder", new MqttDecoder(MAX_PACKET_BYTES + 5, 2 * 64 + 1))
                                .addLast("encoder", MqttEncoder.INSTANCE)
                                .addLast("connection", new MqttConnection(MqttEndpoint.this, splitter));
                    }
                });
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(core.config().host(), core.config().mqttPort()))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = bound.cause();
            if (cause instanceof BindException bind) {
                throw bind;
            }
            throw new IOException("cannot bind the MQTT port " + core.config().mqttPort() + ": " + cause, cause);
        }
        this.server = bound.channel();
    }

    /**
     * Puts TLS first: the wire meter below it sees records, headers and tags, the meter above it MQTT's bytes.
     * The JDK engine's delegated tasks run on the loop (Netty's default); the hello timeout and the cap on
     * unfinished handshakes per address, which start at accept, bound a handshake that never finishes.
     */
    private void underTls(ChannelPipeline pipeline, ServerTls tls) {
        SSLEngine engine = tls.newEngine();
        SslHandler handler = new SslHandler(engine);
        handler.handshakeFuture().addListener(done -> {
            if (done.isSuccess()) {
                tls.handshakeFinished(engine);
            }
        });
        pipeline.addLast("wire", new MqttMeter(counters.wireBytesIn, counters.wireBytesOut)).addLast("tls", handler);
    }

    static MqttEndpoint bind(ServerCore core, StrategyCounters counters) throws IOException {
        return new MqttEndpoint(core, counters);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Closes the listener and every connection; returns once the loop's threads are stopping. */
    void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Counts a new connection's unfinished handshake unless its address already has the most; returns whether it did. */
    boolean admit(InetAddress from) {
        int max = core.config().connectionLimits().handshakesPerAddress();
        boolean[] admitted = new boolean[1];
        handshakes.compute(from, (address, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return now;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    /** A counted handshake finished (CONNECT accepted) or its connection closed. */
    void finished(InetAddress from) {
        handshakes.computeIfPresent(from, (address, count) -> count <= 1 ? null : count - 1);
    }

    /** Unfinished handshakes now, over every address. */
    int pendingHandshakes() {
        return handshakes.values().stream().mapToInt(Integer::intValue).sum();
    }

    int maxHandshakesPerAddress() {
        return core.config().connectionLimits().handshakesPerAddress();
    }
}
