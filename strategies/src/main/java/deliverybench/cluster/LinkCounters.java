package deliverybench.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.concurrent.atomic.LongAdder;

/** A small Lettuce client's resources (two Netty threads) with what a link counts: commands and scripts sent, bytes both ways at the socket. */
final class LinkCounters {

    /** A bound on commands queued in the client while Redis is slow: past it a send is refused (503), not buffered. */
    static final int REQUEST_QUEUE = 50_000;

    final LongAdder commands = new LongAdder();
    /** EVALSHA and EVAL sent (a script Redis did not know yet counts twice: the EVALSHA, then the EVAL). */
    final LongAdder scripts = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();

    ClientResources resources() {
        return ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                // Reconnect within a second, not Lettuce's up-to-30 s backoff: a killed Redis node that is back (as
                // a replica after a failover) would otherwise keep its slots' commands rejected that long.
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        channel.pipeline().addFirst("deliverybench-bytes", new ByteCounter());
                    }
                })
                .build();
    }

    void count(AbstractRedisClient client) {
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.increment();
                ProtocolKeyword type = event.getCommand().getType();
                if (type == CommandType.EVALSHA || type == CommandType.EVAL) {
                    scripts.increment();
                }
            }
        });
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
