package deliverybench.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.function.LongConsumer;

/** Reads the contract's JSON on the receiving side: a poll answer, one pushed message or welcome, a 410's oldest seq and epoch. */
public final class WireJson {

    private static final JsonFactory JSON = new JsonFactory();

    /** Receives each message of an answer. */
    @FunctionalInterface
    public interface MessageVisitor {
        void message(long seq, String body);
    }

    private WireJson() {
    }

    /** What a poll answer says besides its messages: {@code next}, and {@code epoch} (0 from a v1 server). */
    public record Answer(long next, long epoch) {
    }

    /** Visits every message of {@code {"messages": [...], "next": n, "epoch": e}}. */
    public static Answer visit(String json, MessageVisitor visitor) throws IOException {
        Answer empty = emptyAnswer(json);
        if (empty != null) {
            return empty;
        }
        long next = -1;
        long epoch = 0;
        try (JsonParser parser = JSON.createParser(json)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("messages".equals(field)) {
                    expect(value, JsonToken.START_ARRAY);
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        readMessage(parser, visitor);
                    }
                } else if ("next".equals(field)) {
                    next = parser.getLongValue();
                } else if ("epoch".equals(field)) {
                    epoch = parser.getLongValue();
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (next < 0) {
            throw new IOException("poll answer without 'next': " + abbreviate(json));
        }
        return new Answer(next, epoch);
    }

    private static final String EMPTY_HEAD = "{\"messages\":[],\"next\":";
    private static final String EMPTY_EPOCH = ",\"epoch\":";

    /**
     * "Nothing new" in the exact layout our server writes ({@code {"messages":[],"next":n,"epoch":e}}),
     * read without a JSON parser: most short-poll answers are this. Any other text, spacing included,
     * returns null and goes to the parser.
     */
    static Answer emptyAnswer(String json) {
        if (!json.startsWith(EMPTY_HEAD)) {
            return null;
        }
        int at = EMPTY_HEAD.length();
        int nextEnd = digitsEnd(json, at);
        if (nextEnd < 0 || !json.startsWith(EMPTY_EPOCH, nextEnd)) {
            return null;
        }
        int epochStart = nextEnd + EMPTY_EPOCH.length();
        int epochEnd = digitsEnd(json, epochStart);
        if (epochEnd < 0 || epochEnd != json.length() - 1 || json.charAt(epochEnd) != '}') {
            return null;
        }
        return new Answer(Long.parseLong(json, at, nextEnd, 10), Long.parseLong(json, epochStart, epochEnd, 10));
    }

    private static final String PUSHED_SEQ = "{\"seq\":";
    private static final String PUSHED_FROM = ",\"from\":\"";
    private static final String PUSHED_BODY = ",\"body\":\"";

    /**
     * A pushed message in the exact layout our server writes ({@code {"seq":n,"from":"f","body":"b"}}, strings
     * without escapes or control characters), read without a JSON parser and visited; false, having visited
     * nothing, for any other text, which goes to the parser.
     */
    static boolean pushedMessage(String json, MessageVisitor visitor) {
        if (!json.startsWith(PUSHED_SEQ)) {
            return false;
        }
        int seqEnd = digitsEnd(json, PUSHED_SEQ.length());
        if (seqEnd < 0 || !json.startsWith(PUSHED_FROM, seqEnd)) {
            return false;
        }
        int fromEnd = plainStringEnd(json, seqEnd + PUSHED_FROM.length());
        if (fromEnd < 0 || !json.startsWith(PUSHED_BODY, fromEnd + 1)) {
            return false;
        }
        int bodyStart = fromEnd + 1 + PUSHED_BODY.length();
        int bodyEnd = plainStringEnd(json, bodyStart);
        if (bodyEnd < 0 || bodyEnd != json.length() - 2 || json.charAt(bodyEnd + 1) != '}') {
            return false;
        }
        visitor.message(Long.parseLong(json, PUSHED_SEQ.length(), seqEnd, 10), json.substring(bodyStart, bodyEnd));
        return true;
    }

    /** The closing quote of a JSON string's text starting at {@code from}, or -1 at an escape, a control character or the end. */
    private static int plainStringEnd(String text, int from) {
        for (int at = from; at < text.length(); at++) {
            char c = text.charAt(at);
            if (c == '"') {
                return at;
            }
            if (c == '\\' || c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    /** Where a JSON number of 1 to 18 digits starting at {@code from} ends (no overflow possible), or -1. */
    private static int digitsEnd(String text, int from) {
        if (from + 1 < text.length() && text.charAt(from) == '0' && text.charAt(from + 1) >= '0' && text.charAt(from + 1) <= '9') {
            return -1;
        }
        int at = from;
        while (at < text.length() && at - from < 18 && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at == from || (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') ? -1 : at;
    }

    /**
     * Visits one pushed WebSocket frame: a message, or the v2 welcome {@code {"epoch": e, "highest": h}},
     * whose epoch goes to {@code welcome}.
     */
    public static void visitPushed(String json, MessageVisitor visitor, LongConsumer welcome) throws IOException {
        if (pushedMessage(json, visitor)) {
            return;
        }
        try (JsonParser parser = JSON.createParser(json)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            readMessage(parser, visitor, welcome);
        }
    }

    /** A number field of a 410 answer ({@code oldest}, {@code epoch}), or -1. */
    public static long field(String json, String name) {
        try (JsonParser parser = JSON.createParser(json)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && name.equals(parser.currentName())) {
                    parser.nextToken();
                    return parser.getLongValue();
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /**
     * A number in a WebSocket 4410 close reason or a TCP ERROR 410 text, {@code oldest=N epoch=E}:
     * the value of {@code name}, or -1 when absent.
     */
    public static long reasonField(String reason, String name) {
        if (reason == null) {
            return -1;
        }
        for (String part : reason.trim().split("\\s+")) {
            if (part.startsWith(name + "=")) {
                try {
                    return Long.parseLong(part.substring(name.length() + 1));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static void readMessage(JsonParser parser, MessageVisitor visitor) throws IOException {
        readMessage(parser, visitor, null);
    }

    private static void readMessage(JsonParser parser, MessageVisitor visitor, LongConsumer welcome) throws IOException {
        long seq = -1;
        long epoch = -1;
        String body = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if ("seq".equals(field)) {
                seq = parser.getLongValue();
            } else if ("body".equals(field)) {
                body = parser.getText();
            } else if ("epoch".equals(field)) {
                epoch = parser.getLongValue();
            } else {
                parser.skipChildren();
            }
        }
        if (welcome != null && seq < 0 && epoch > 0) {
            welcome.accept(epoch);
            return;
        }
        if (seq < 0 || body == null) {
            throw new IOException("message without seq or body");
        }
        visitor.message(seq, body);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", got " + actual);
        }
    }

    public static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
