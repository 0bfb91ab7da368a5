package deliverybench.driver;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/** Reads the contract's JSON on the receiving side: a poll answer, one pushed message, or a 410's oldest seq. */
final class PollResponse {

    private static final JsonFactory JSON = new JsonFactory();

    /** Receives each message of an answer. */
    @FunctionalInterface
    interface MessageVisitor {
        void message(long seq, String body);
    }

    private PollResponse() {
    }

    /** Visits every message of {@code {"messages": [...], "next": n}} and returns {@code next}. */
    static long visit(String json, MessageVisitor visitor) throws IOException {
        long next = -1;
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
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (next < 0) {
            throw new IOException("poll answer without 'next': " + abbreviate(json));
        }
        return next;
    }

    /** Visits one pushed message object. */
    static void visitMessage(String json, MessageVisitor visitor) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            readMessage(parser, visitor);
        }
    }

    /** The {@code oldest} of a 410 answer, or -1. */
    static long oldest(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && "oldest".equals(parser.currentName())) {
                    parser.nextToken();
                    return parser.getLongValue();
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static void readMessage(JsonParser parser, MessageVisitor visitor) throws IOException {
        long seq = -1;
        String body = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if ("seq".equals(field)) {
                seq = parser.getLongValue();
            } else if ("body".equals(field)) {
                body = parser.getText();
            } else {
                parser.skipChildren();
            }
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

    static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
