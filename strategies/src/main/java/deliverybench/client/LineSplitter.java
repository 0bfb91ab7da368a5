package deliverybench.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Cuts an answer's bytes, as they arrive, into lines for {@link StreamingGet.Lines}; a line is bounded. */
final class LineSplitter {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StreamingGet.Lines lines;

    LineSplitter(StreamingGet.Lines lines) {
        this.lines = lines;
    }

    /** Hands over every line {@code buffer} completes, without its line end ({@code \n} or {@code \r\n}). */
    void split(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (b != '\n') {
                if (line.size() >= StreamingGet.MAX_LINE_BYTES) {
                    throw new IOException("a line of the answer is over " + StreamingGet.MAX_LINE_BYTES + " bytes");
                }
                line.write(b);
                continue;
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            line.reset();
            lines.line(new String(bytes, 0, length, StandardCharsets.UTF_8));
        }
    }

    /** The answer ended: a last line without its end (an error answer's JSON body is one) is handed over too. */
    void finish() throws IOException {
        if (line.size() > 0) {
            String last = line.toString(StandardCharsets.UTF_8);
            line.reset();
            lines.line(last);
        }
    }
}
