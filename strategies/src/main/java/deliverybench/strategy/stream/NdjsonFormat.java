package deliverybench.strategy.stream;

import deliverybench.core.JsonCodec;
import deliverybench.core.push.StreamFormat;
import deliverybench.store.Message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** One JSON object per line: the hello, each message, {@code {"ping": ms}}, {@code {"gone": ...}} and {@code {"end": "max-age", "next": n}}. */
final class NdjsonFormat implements StreamFormat {

    @Override
    public String contentType() {
        return "application/x-ndjson";
    }

    @Override
    public byte[] hello(long epoch, long highestSeq) {
        return line(JsonCodec.welcome(epoch, highestSeq));
    }

    @Override
    public ByteBuffer message(Message message) {
        byte[] json = JsonCodec.message(message);
        return ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
    }

    @Override
    public byte[] keepAlive(long nowMs) {
        return ("{\"ping\":" + nowMs + "}\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] gone(long oldestSeq, long epoch) {
        return ("{\"gone\":{\"oldest\":" + oldestSeq + ",\"epoch\":" + epoch + "}}\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] end(long next) {
        return ("{\"end\":\"max-age\",\"next\":" + next + "}\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] line(byte[] json) {
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, json.length);
        out[json.length] = '\n';
        return out;
    }
}
