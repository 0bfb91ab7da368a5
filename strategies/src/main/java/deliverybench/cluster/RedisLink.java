package deliverybench.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A gateway's two connections to Redis, on one small Lettuce client: one multiplexed, pipelined
 * connection for every command of every request, and one for subscriptions. Counts the commands it
 * sends and the bytes on both sockets.
 */
public final class RedisLink implements AutoCloseable {

    /** A bound on commands queued in the client while Redis is slow: past it a send is refused (503), not buffered. */
    private static final int REQUEST_QUEUE = 50_000;

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final LongAdder commands = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    private RedisLink(RedisURI uri, Duration timeout, RedisPubSubListener<String, String> listener,
                      Runnable onResubscribed) {
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        channel.pipeline().addFirst("deliverybench-bytes", new ByteCounter());
                    }
                })
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(true)
                // While Redis cannot be reached, a command fails at once (503) instead of waiting in a queue.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.increment();
            }
        });
        StatefulRedisConnection<String, String> opened = null;
        try {
            opened = client.connect();
            this.connection = opened;
            this.subscriptions = client.connectPubSub();
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        subscriptions.addListener(listener);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // Added once both are up: any later connect of the subscriptions is a reconnect, and the
                // notifications published while it was down are gone: re-read.
                if (handler == subscriptions) {
                    onResubscribed.run();
                }
            }
        });
    }

    /**
     * Connects both connections; fails at once (a {@code RedisConnectionException}) when Redis cannot be reached.
     *
     * @param onResubscribed run when the subscription connection came back after a loss
     */
    public static RedisLink connect(RedisURI uri, Duration timeout, RedisPubSubListener<String, String> listener,
                                    Runnable onResubscribed) {
        return new RedisLink(uri, timeout, listener, onResubscribed);
    }

    RedisAsyncCommands<String, String> commands() {
        return connection.async();
    }

    RedisPubSubAsyncCommands<String, String> subscriptions() {
        return subscriptions.async();
    }

    /** A script by its SHA1, sent whole once Redis says it does not know it (a fresh or restarted Redis). */
    CompletionStage<List<Object>> script(Script script, String[] keys, String... args) {
        CompletableFuture<List<Object>> answer = new CompletableFuture<>();
        commands().<List<Object>>evalsha(script.sha1, ScriptOutputType.MULTI, keys, args).whenComplete((value, error) -> {
            if (error instanceof RedisNoScriptException) {
                commands().<List<Object>>eval(script.source, ScriptOutputType.MULTI, keys, args).whenComplete((again, failed) -> {
                    if (failed != null) {
                        answer.completeExceptionally(failed);
                    } else {
                        answer.complete(again);
                    }
                });
            } else if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(value);
            }
        });
        return answer;
    }

    /** Commands this gateway sent to Redis (a script counts as one). */
    public long commandsSent() {
        return commands.sum();
    }

    /** Bytes this gateway read from Redis, on both connections. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Bytes this gateway wrote to Redis, on both connections. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    @Override
    public void close() {
        subscriptions.close();
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** A Lua script and its SHA1, the name {@code EVALSHA} knows it by. */
    static final class Script {
        final String source;
        final String sha1;

        Script(String source) {
            this.source = source;
            try {
                this.sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is missing from this JVM", e);
            }
        }
    }

    /** Counts the bytes at the socket, under Lettuce's codec: every command and reply, framing included. */
    private final class ByteCounter extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            bytesIn.add(size(message));
            context.fireChannelRead(message);
        }

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
            bytesOut.add(size(message));
            context.write(message, promise);
        }

        private long size(Object message) {
            if (message instanceof ByteBuf buffer) {
                return buffer.readableBytes();
            }
            return message instanceof ByteBufHolder holder ? holder.content().readableBytes() : 0;
        }
    }
}
