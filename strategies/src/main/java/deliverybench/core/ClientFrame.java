package deliverybench.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import deliverybench.store.MessageStore;

import java.io.IOException;

/**
 * What a WebSocket client may send (contract v3): {@code {"ack": seq}}, or
 * {@code {"send": {"to": "<user id>", "body": "<string>"}, "id": n}}. A send with a usable id but a
 * bad recipient or body is refused by id; anything else is not a frame the contract knows.
 */
public sealed interface ClientFrame {

    record Ack(long seq) implements ClientFrame {
    }

    record Send(long id, String to, String body) implements ClientFrame {
    }

    /** A send the server answers {@code {"sent": id, "status": status, "error": error}}. */
    record Refused(long id, int status, String error) implements ClientFrame {
    }

    /** Not a frame of the contract: the connection closes (1003). */
    record Invalid(String why) implements ClientFrame {
    }

    JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();

    static ClientFrame parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Invalid("a client frame is a JSON object");
            }
            long ack = -1;
            long id = -1;
            String idProblem = null;
            String to = null;
            String body = null;
            String sendProblem = null;
            boolean send = false;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "ack" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || (ack = parser.getLongValue()) < 0) {
                            return new Invalid("'ack' must be a seq, 0 or more");
                        }
                    }
                    case "id" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            idProblem = "'id' must be an integer from 1 to 2^53-1";
                        } else {
                            id = parser.getLongValue();
                            idProblem = id < 1 || id > MessageStore.MAX_EPOCH ? "'id' must be from 1 to 2^53-1" : null;
                        }
                    }
                    case "send" -> {
                        send = true;
                        if (value != JsonToken.START_OBJECT) {
                            parser.skipChildren();
                            sendProblem = "'send' must be an object {\"to\": ..., \"body\": ...}";
                            continue;
                        }
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = parser.currentName();
                            JsonToken innerValue = parser.nextToken();
                            if (("to".equals(inner) || "body".equals(inner)) && innerValue != JsonToken.VALUE_STRING) {
                                sendProblem = "'" + inner + "' must be a string";
                                parser.skipChildren();
                            } else if ("to".equals(inner)) {
                                to = parser.getText();
                            } else if ("body".equals(inner)) {
                                body = parser.getText();
                            } else {
                                parser.skipChildren();
                            }
                        }
                    }
                    default -> {
                        return new Invalid("unknown field '" + abbreviate(field) + "'");
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return new Invalid("malformed JSON");
            }
            if (send == (ack >= 0)) {
                return new Invalid("a client frame is {\"ack\": seq} or {\"send\": {...}, \"id\": n}");
            }
            if (!send) {
                return id == -1 && idProblem == null ? new Ack(ack) : new Invalid("an ack takes no 'id'");
            }
            if (id == -1 || idProblem != null) {
                return new Invalid(idProblem == null ? "a send needs 'id', from 1 to 2^53-1" : idProblem);
            }
            if (sendProblem == null && (to == null || body == null)) {
                sendProblem = "missing field '" + (to == null ? "to" : "body") + "'";
            }
            return sendProblem == null ? new Send(id, to, body) : new Refused(id, 400, sendProblem);
        } catch (IOException e) {
            return new Invalid("malformed JSON");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 32 ? text.substring(0, 32) + "..." : text;
    }
}
