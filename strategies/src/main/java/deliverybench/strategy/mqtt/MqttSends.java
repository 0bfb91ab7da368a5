package deliverybench.strategy.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import deliverybench.core.push.ConnectionSends;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sends over an MQTT connection (contract v4): a PUBLISH to {@code inbox/<recipient>} with
 * {@code {"body": "..."}}, stored like {@code POST /messages} and answered by PUBACK once stored. MQTT 5
 * answers a refusal with a PUBACK reason code; MQTT 3.1.1 has none, so it closes the connection.
 */
final class MqttSends {

    private static final JsonFactory JSON = new JsonFactory();
    /** MQTT 5 PUBACK reason codes for the statuses of a refused send. */
    static final byte TOPIC_NAME_INVALID = (byte) 0x90;
    static final byte PAYLOAD_FORMAT_INVALID = (byte) 0x99;

    private final MqttEndpoint endpoint;
    private final MqttConnection connection;

    MqttSends(MqttEndpoint endpoint, MqttConnection connection) {
        this.endpoint = endpoint;
        this.connection = connection;
    }

    void publish(MqttPublishMessage publish) {
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (qos == MqttQoS.EXACTLY_ONCE) {
            connection.disconnect(MqttConnection.QOS_NOT_SUPPORTED, "sends are QoS 1 (or 0); QoS 2 is not supported");
            return;
        }
        int remaining = publish.fixedHeader().remainingLength();
        long packetBytes = 1 + varIntBytes(remaining) + remaining;
        int id = qos == MqttQoS.AT_LEAST_ONCE ? publish.variableHeader().packetId() : 0;
        String to = MqttTopics.recipient(publish.variableHeader().topicName());
        ConnectionSends.Reply reply = new ConnectionSends.Reply() {
            @Override
            public void sent(long sentId, long seq) {
                answer(qos, sentId, (byte) 0, seq, 0, null, packetBytes);
            }

            @Override
            public void refused(long refusedId, int status, String error) {
                answer(qos, refusedId, reasonCode(status, to == null), 0, status, error, packetBytes);
            }
        };
        if (to == null) {
            endpoint.sends.countRefused();
            reply.refused(id, 400, "a send's topic is inbox/<recipient>, with a user id matching [A-Za-z0-9_-]{1,64}");
            return;
        }
        String body;
        try {
            body = body(ByteBufUtil.getBytes(publish.payload()));
        } catch (IOException e) {
            endpoint.sends.countRefused();
            reply.refused(id, 400, "the payload must be {\"body\": \"<string>\"}: " + e.getMessage());
            return;
        }
        endpoint.sends.send(connection.ioThread(), connection.user(), id, to, body, reply);
    }

    /** Answers a send (nothing for QoS 0 but a refusal's close) and books both packets' bytes to {@code send}. */
    private void answer(MqttQoS qos, long id, byte reason, long seq, int status, String error, long inBytes) {
        boolean v5 = connection.v5();
        if (status != 0 && (!v5 || qos == MqttQoS.AT_MOST_ONCE)) {
            // No PUBACK can say no here: contract v4, MQTT 3.1.1 closes the connection on a refused send.
            endpoint.sends.rebook(endpoint.counters, inBytes, 0);
            connection.disconnect(reason, error);
            return;
        }
        if (qos == MqttQoS.AT_MOST_ONCE) {
            endpoint.sends.rebook(endpoint.counters, inBytes, 0);
            return;
        }
        MqttProperties properties = new MqttProperties();
        if (v5) {
            if (status == 0) {
                properties.add(new MqttProperties.UserProperty("seq", Long.toString(seq)));
            } else {
                properties.add(new MqttProperties.StringProperty(
                        MqttProperties.MqttPropertyType.REASON_STRING.value(), error));
                properties.add(new MqttProperties.UserProperty("status", Integer.toString(status)));
            }
        }
        endpoint.sends.rebook(endpoint.counters, inBytes, pubAckBytes(v5, properties));
        connection.context().writeAndFlush(MqttMessageBuilders.pubAck().packetId((int) id).reasonCode(reason)
                .properties(properties).build());
    }

    /** The MQTT 5 reason code of a refused send's status. */
    static byte reasonCode(int status, boolean badTopic) {
        return switch (status) {
            case 400 -> badTopic ? TOPIC_NAME_INVALID : PAYLOAD_FORMAT_INVALID;
            case 413 -> MqttConnection.QUOTA_EXCEEDED;
            default -> MqttConnection.UNSPECIFIED;
        };
    }

    /** The body of {@code {"body": "<string>"}}; anything else, or not UTF-8, is refused. */
    static String body(byte[] payload) throws IOException {
        try (JsonParser json = JSON.createParser(payload)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            String body = null;
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                if (token != JsonToken.FIELD_NAME || !"body".equals(json.currentName()) || body != null) {
                    throw new IOException("the only field is one \"body\"");
                }
                if (json.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IOException("\"body\" must be a string");
                }
                body = json.getText();
            }
            if (body == null || json.nextToken() != null) {
                throw new IOException(body == null ? "\"body\" is missing" : "trailing content after the object");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(e.getOriginalMessage(), e);
        }
    }

    /** The wire size of a PUBACK: 3.1.1 four bytes; 5 with its reason code and properties. */
    static int pubAckBytes(boolean v5, MqttProperties properties) {
        if (!v5) {
            return 4;
        }
        int props = 0;
        for (MqttProperties.MqttProperty<?> p : properties.listAll()) {
            if (p instanceof MqttProperties.UserProperty user) {
                props += 1 + 2 + utf8(user.value().key) + 2 + utf8(user.value().value);
            } else if (p instanceof MqttProperties.StringProperty text) {
                props += 1 + 2 + utf8(text.value());
            }
        }
        int remaining = 2 + 1 + varIntBytes(props) + props;
        return 1 + varIntBytes(remaining) + remaining;
    }

    static int varIntBytes(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
