package deliverybench.strategy.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.concurrent.atomic.LongAdder;

/** Counts the bytes that pass it both ways: at the socket, or under TLS once below it (records) and once above (MQTT). */
final class MqttMeter extends ChannelDuplexHandler {

    private final LongAdder in;
    private final LongAdder out;

    MqttMeter(LongAdder in, LongAdder out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            in.add(bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            out.add(bytes.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
