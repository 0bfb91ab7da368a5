package deliverybench.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import deliverybench.protocol.EncodedOnce;
import deliverybench.store.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Writes and reads the JSON of the contract with Jackson's streaming API (no object mapping). */
public final class JsonCodec {

    /** The largest {@code body} of a sent message, in UTF-8 bytes. */
    public static final int MAX_BODY_BYTES = 65_536;
    private static final byte[] SEQ_PREFIX = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final EncodedOnce<byte[]> MESSAGE_TAILS = new EncodedOnce<>(JsonCodec::messageTail);

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();

    private JsonCodec() {
    }

    /** The most recipients of one send (contract v3, "Several recipients"). */
    public static final int MAX_RECIPIENTS = 1_000;

    /**
     * A parsed {@code POST /messages} body.
     *
     * @param to   the recipients, in the order given: one, or 1 to {@value #MAX_RECIPIENTS} distinct ones
     * @param list whether {@code to} was a list (answered {@code {"seqs": [...]}}) or one id ({@code {"seq": s}})
     */
    public record SendRequest(List<String> to, String body, boolean list) {

        public SendRequest {
            to = List.copyOf(to);
        }
    }

    /** A body the contract refuses, with the HTTP status to answer. */
    public static final class BadBody extends Exception {
        private final int status;

        BadBody(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public static byte[] pollResponse(List<Message> messages, long next, long epoch) {
        if (messages.isEmpty()) {
            return emptyPollResponse(next, epoch);
        }
        return write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("messages");
            for (Message message : messages) {
                writeMessage(json, message);
            }
            json.writeEndArray();
            json.writeNumberField("next", next);
            json.writeNumberField("epoch", epoch);
            json.writeEndObject();
        });
    }

    private static final byte[] EMPTY_HEAD = "{\"messages\":[],\"next\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_EPOCH = ",\"epoch\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * Short poll's most frequent answer, "nothing new", written without a JSON generator: the same
     * bytes Jackson writes ({@code {"messages":[],"next":n,"epoch":e}}), for a tenth of the work.
     */
    static byte[] emptyPollResponse(long next, long epoch) {
        String nextDigits = Long.toString(next);
        String epochDigits = Long.toString(epoch);
        byte[] out = new byte[EMPTY_HEAD.length + nextDigits.length() + EMPTY_EPOCH.length + epochDigits.length() + 1];
        int at = 0;
        System.arraycopy(EMPTY_HEAD, 0, out, at, EMPTY_HEAD.length);
        at += EMPTY_HEAD.length;
        at = ascii(nextDigits, out, at);
        System.arraycopy(EMPTY_EPOCH, 0, out, at, EMPTY_EPOCH.length);
        at += EMPTY_EPOCH.length;
        at = ascii(epochDigits, out, at);
        out[at] = '}';
        return out;
    }

    private static int ascii(String digits, byte[] out, int at) {
        for (int i = 0; i < digits.length(); i++) {
            out[at++] = (byte) digits.charAt(i);
        }
        return at;
    }

    /** The first frame of a WebSocket that asked with {@code epoch}: the store's epoch and the inbox's highest seq. */
    public static byte[] welcome(long epoch, long highestSeq) {
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("epoch", epoch);
            json.writeNumberField("highest", highestSeq);
            json.writeEndObject();
        });
    }

    /**
     * {@code {"seq":N,"from":"...","body":"..."}}, as Jackson writes it: the part after the seq is encoded once per
     * message (every copy of a fan-out shares it, {@link EncodedOnce}), and each copy writes only its own seq before it.
     */
    public static byte[] message(Message message) {
        byte[] tail = MESSAGE_TAILS.of(message.from(), message.body());
        long seq = message.seq();
        if (seq < 0) {
            return write(json -> writeMessage(json, message));
        }
        int digits = digits(seq);
        byte[] out = new byte[SEQ_PREFIX.length + digits + tail.length];
        System.arraycopy(SEQ_PREFIX, 0, out, 0, SEQ_PREFIX.length);
        for (int i = SEQ_PREFIX.length + digits - 1; i >= SEQ_PREFIX.length; i--) {
            out[i] = (byte) ('0' + seq % 10);
            seq /= 10;
        }
        System.arraycopy(tail, 0, out, SEQ_PREFIX.length + digits, tail.length);
        return out;
    }

    /** The message object's bytes after its seq, {@code ,"from":"...","body":"..."}}: Jackson's own, seq 0 cut off. */
    private static byte[] messageTail(String from, String body) {
        byte[] whole = write(json -> writeMessage(json, new Message(0, from, body)));
        int cut = SEQ_PREFIX.length + 1;
        return Arrays.copyOfRange(whole, cut, whole.length);
    }

    private static int digits(long n) {
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }

    public static byte[] seq(long seq) {
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("seq", seq);
            json.writeEndObject();
        });
    }

    public static byte[] error(String what) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("error", what);
            json.writeEndObject();
        });
    }

    /**
     * The 410 body: the error, the oldest seq still held and the store's epoch, so the client can
     * resume after {@code oldest - 1} with that epoch.
     */
    public static byte[] gone(long after, long oldestSeq, long epoch) {
        return gone(after >= oldestSeq
                ? "after " + after + " is beyond the newest message: this inbox was lost (a server restart); resume after "
                + (oldestSeq - 1)
                : "after " + after + " is older than the oldest message held", oldestSeq, epoch);
    }

    /** The 410 body for a client whose epoch is not the store's: everything it knew of the inbox is void. */
    public static byte[] staleEpoch(long asked, long oldestSeq, long epoch) {
        return gone("epoch " + asked + " is not this server's (" + epoch + "): the inboxes were lost (a server restart); "
                + "resume after " + (oldestSeq - 1) + " with epoch " + epoch, oldestSeq, epoch);
    }

    private static byte[] gone(String error, long oldestSeq, long epoch) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("error", error);
            json.writeNumberField("oldest", oldestSeq);
            json.writeNumberField("epoch", epoch);
            json.writeEndObject();
        });
    }

    public static SendRequest parseSend(byte[] bytes) throws BadBody {
        List<String> to = null;
        boolean list = false;
        String body = null;
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadBody(400, "body must be a JSON object {\"to\": ..., \"body\": ...}");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("to".equals(field)) {
                    list = value == JsonToken.START_ARRAY;
                    to = list ? recipients(parser) : List.of(string(parser, value, "to"));
                } else if ("body".equals(field)) {
                    body = string(parser, value, "body");
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new BadBody(400, "malformed JSON");
            }
        } catch (IOException e) {
            throw new BadBody(400, "malformed JSON");
        }
        if (to == null || body == null) {
            throw new BadBody(400, "missing field '" + (to == null ? "to" : "body") + "'");
        }
        for (String user : to) {
            if (!deliverybench.auth.UserIds.isValid(user)) {
                throw new BadBody(400, list ? "'to' holds an invalid user id: each must match [A-Za-z0-9_-]{1,64}"
                        : "'to' is not a valid user id: it must match [A-Za-z0-9_-]{1,64}");
            }
        }
        if (utf8Length(body) > MAX_BODY_BYTES) {
            throw new BadBody(413, "body is over " + MAX_BODY_BYTES + " bytes of UTF-8");
        }
        return new SendRequest(to, body, list);
    }

    private static String string(JsonParser parser, JsonToken value, String field) throws BadBody, IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new BadBody(400, "field '" + field + "' must be a string" + ("to".equals(field) ? " or a list of strings" : ""));
        }
        return parser.getText();
    }

    /** A recipient list: 1 to {@value #MAX_RECIPIENTS} distinct strings, refused as soon as it is not. */
    private static List<String> recipients(JsonParser parser) throws BadBody, IOException {
        List<String> to = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (to.size() == MAX_RECIPIENTS) {
                throw new BadBody(400, "'to' lists more than " + MAX_RECIPIENTS + " recipients");
            }
            String user = string(parser, token, "to");
            if (!seen.add(user)) {
                throw new BadBody(400, "'to' lists " + abbreviate(user) + " twice");
            }
            to.add(user);
        }
        if (to.isEmpty()) {
            throw new BadBody(400, "'to' is an empty list");
        }
        return to;
    }

    private static String abbreviate(String user) {
        return user.length() > 64 ? user.substring(0, 64) + "..." : user;
    }

    /** The answer to a send over a WebSocket: {@code {"sent": id, "seq": s}}. */
    public static byte[] sent(long id, long seq) {
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("sent", id);
            json.writeNumberField("seq", seq);
            json.writeEndObject();
        });
    }

    /** A refused send over a WebSocket: {@code {"sent": id, "status": s, "error": "..."}}; the connection stays open. */
    public static byte[] sendRefused(long id, int status, String error) {
        return write(json -> {
            json.writeStartObject();
            json.writeNumberField("sent", id);
            json.writeNumberField("status", status);
            json.writeStringField("error", error);
            json.writeEndObject();
        });
    }

    /** The answer to a send to a list: the seqs in the order of the recipients. */
    public static byte[] seqs(long[] seqs) {
        return write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("seqs");
            for (long seq : seqs) {
                json.writeNumber(seq);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    public static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static void writeMessage(JsonGenerator json, Message message) throws IOException {
        json.writeStartObject();
        json.writeNumberField("seq", message.seq());
        json.writeStringField("from", message.from());
        json.writeStringField("body", message.body());
        json.writeEndObject();
    }

    interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

}
