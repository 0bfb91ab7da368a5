package deliverybench.strategy.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Splits the server's inbound bytes into whole MQTT packets before Netty's decoder sees them: the
 * remaining length is checked against the limit as soon as it is read, before a byte of the packet is
 * buffered for it, and the limit is a CONNECT's worth until the CONNECT is accepted.
 *
 * <p>Netty's {@code MqttDecoder} alone would also call a packet too long when its buffer holds many
 * pipelined packets and the next one's header is split at the end (it compares the whole buffer with
 * its bound), closing a busy sender's connection; handed one whole packet at a time, it never does.
 */
final class MqttFrameSplitter extends ByteToMessageDecoder {

    private int limit;

    /** @param limit the largest remaining length taken until {@link #limit(int)} changes it */
    MqttFrameSplitter(int limit) {
        this.limit = limit;
    }

    /** The largest remaining length taken from now on (raised once the CONNECT is accepted). */
    void limit(int remainingBytes) {
        this.limit = remainingBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            int readable = in.readableBytes();
            if (readable < 2) {
                return;
            }
            int remaining = 0;
            int headerBytes = 1;
            boolean complete = false;
            for (int shift = 0; shift < 28 && headerBytes < readable; shift += 7) {
                int b = in.getUnsignedByte(start + headerBytes);
                headerBytes++;
                remaining |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete) {
                if (headerBytes == 5) {
                    throw new CorruptedFrameException("a remaining length of more than four bytes");
                }
                return;
            }
            if (remaining > limit) {
                in.skipBytes(readable);
                throw new TooLongFrameException("a packet of " + remaining + " bytes is over the limit of " + limit);
            }
            if (readable < headerBytes + remaining) {
                return;
            }
            out.add(in.readRetainedSlice(headerBytes + remaining));
        }
    }
}
