package deliverybench.strategy.mqtt;

import deliverybench.core.StrategyCounters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Counts the connection's wire bytes both ways at the socket, and closes a connection that sends more
 * than a CONNECT's worth before its CONNECT is accepted (the decoder would otherwise buffer a whole packet).
 */
final class MqttMeter extends ChannelDuplexHandler {

    private final StrategyCounters counters;
    private final int maxBeforeConnect;
    private long beforeConnect;
    private boolean connected;

    MqttMeter(StrategyCounters counters, int maxBeforeConnect) {
        this.counters = counters;
        this.maxBeforeConnect = maxBeforeConnect;
    }

    /** The CONNECT was accepted: from now on only the decoder's packet bound applies. */
    void connected() {
        connected = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            int n = bytes.readableBytes();
            counters.bytesIn.add(n);
            if (!connected) {
                beforeConnect += n;
                if (beforeConnect > maxBeforeConnect) {
                    ReferenceCountUtil.release(msg);
                    ctx.close();
                    return;
                }
            }
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
