package deliverybench.strategy.mqtt;

import deliverybench.core.stats.StrategyCounters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the connection's wire bytes both ways at the socket. */
final class MqttMeter extends ChannelDuplexHandler {

    private final StrategyCounters counters;

    MqttMeter(StrategyCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            counters.bytesIn.add(bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            counters.bytesOut.add(bytes.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
