package deliverybench.strategy.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import deliverybench.testkit.Await;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eclipse Paho (MQTT 3.1.1), an independent client, against our MQTT endpoint: the contract v4 rules
 * for auth, subscription, delivery in order, acks and resume, and sends.
 */
class PahoContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MqttServerFixture server;
    private final List<MqttClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = new MqttServerFixture();
    }

    @AfterEach
    void stop() {
        for (MqttClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(100, 100);
                }
                client.close(true);
            } catch (MqttException e) {
                // Already gone: the test asserted what it needed.
            }
        }
        server.close();
    }

    /** Paho's own received list: every PUBLISH it handed to the callback, and whether it lost the connection. */
    private static final class Inbox implements MqttCallback {
        final List<String> topics = new CopyOnWriteArrayList<>();
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> lost = new AtomicReference<>();

        @Override
        public void connectionLost(Throwable cause) {
            lost.set(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            topics.add(topic);
            messages.add(MqttServerFixture.JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8)));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        List<Long> seqs() {
            return messages.stream().map(m -> m.path("seq").asLong()).toList();
        }
    }

    private MqttClient client(String clientId) throws MqttException {
        MqttClient client = new MqttClient(server.uri(), clientId, new MemoryPersistence());
        clients.add(client);
        return client;
    }

    private MqttConnectOptions options(String user, String token, boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(user);
        options.setPassword(token.toCharArray());
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        return options;
    }

    private MqttClient connected(String user, String device, boolean cleanSession, Inbox inbox) throws MqttException {
        MqttClient client = client(user + "/" + device);
        client.setCallback(inbox);
        client.connect(options(user, server.token(user), cleanSession));
        return client;
    }

    @Test
    void aBadTokenIsRefusedWithReturnCode5AndCounted() throws Exception {
        MqttClient client = client("alice/phone");
        MqttException refused = assertThrows(MqttException.class,
                () -> client.connect(options("alice", server.token("alice") + "x", true)));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode());
        MqttException otherUser = assertThrows(MqttException.class,
                () -> client.connect(options("alice", server.token("mallory"), true)));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, otherUser.getReasonCode());
        assertEquals(2, server.stats().path("auth_refused").asLong());
    }

    @Test
    void aClientIdOfAnotherUserIsRejected() throws Exception {
        MqttClient client = client("bob/phone");
        MqttException refused = assertThrows(MqttException.class,
                () -> client.connect(options("alice", server.token("alice"), true)));
        assertEquals(MqttException.REASON_CODE_INVALID_CLIENT_ID, refused.getReasonCode());
    }

    @Test
    void aSubscriberGetsTheInboxInSeqOrderThenEachNewMessage() throws Exception {
        for (int i = 1; i <= 3; i++) {
            server.post("bob", "alice", "before " + i);
        }
        Inbox inbox = new Inbox();
        MqttClient client = connected("alice", "phone", true, inbox);
        IMqttToken subscribed = client.subscribeWithResponse("inbox/alice", 1);
        assertEquals(1, subscribed.getGrantedQos()[0]);
        for (int i = 4; i <= 6; i++) {
            server.post("bob", "alice", "after " + i);
        }
        Await.untilEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), inbox::seqs, WAIT, "seqs received");
        assertEquals("bob", inbox.messages.get(0).path("from").asText());
        assertEquals("before 1", inbox.messages.get(0).path("body").asText());
        assertTrue(inbox.topics.stream().allMatch("inbox/alice"::equals), "topics " + inbox.topics);
        Await.untilEquals(0L, () -> stat("unacked_messages"), WAIT, "unacked after Paho's PUBACKs");
    }

    @Test
    void aSubscriptionToAnotherInboxIsRefused() throws Exception {
        server.post("bob", "bob", "private");
        Inbox inbox = new Inbox();
        MqttClient client = connected("alice", "phone", true, inbox);
        int granted;
        try {
            granted = client.subscribeWithResponse("inbox/bob", 1).getGrantedQos()[0];
        } catch (MqttException e) {
            // Paho 1.2.5 turns a SUBACK failure into this exception.
            granted = e.getReasonCode();
        }
        assertEquals(0x80, granted);
        int wildcard;
        try {
            wildcard = client.subscribeWithResponse("inbox/#", 1).getGrantedQos()[0];
        } catch (MqttException e) {
            wildcard = e.getReasonCode();
        }
        assertEquals(0x80, wildcard);
        Thread.sleep(300);
        assertTrue(inbox.messages.isEmpty(), "received " + inbox.messages);
        assertTrue(client.isConnected());
    }

    @Test
    void aPersistentSessionResumesAfterTheLastAcknowledgedSeq() throws Exception {
        for (int i = 1; i <= 3; i++) {
            server.post("bob", "alice", "m" + i);
        }
        Inbox first = new Inbox();
        MqttClient client = connected("alice", "laptop", false, first);
        client.subscribe("inbox/alice", 1);
        Await.untilEquals(List.of(1L, 2L, 3L), first::seqs, WAIT, "first connection's seqs");
        Await.untilEquals(0L, () -> stat("unacked_messages"), WAIT, "unacked before disconnecting");
        client.disconnect();
        server.post("bob", "alice", "m4");
        server.post("bob", "alice", "m5");

        Inbox second = new Inbox();
        MqttClient again = client("alice/laptop");
        again.setCallback(second);
        IMqttToken connected = again.connectWithResult(options("alice", server.token("alice"), false));
        assertTrue(connected.getSessionPresent(), "session present");
        // No SUBSCRIBE: the session kept it, and resumes after the last seq Paho acknowledged.
        Await.untilEquals(List.of(4L, 5L), second::seqs, WAIT, "resumed seqs");

        MqttClient clean = client("alice/laptop");
        clean.setCallback(new Inbox());
        again.disconnect();
        IMqttToken fresh = clean.connectWithResult(options("alice", server.token("alice"), true));
        assertFalse(fresh.getSessionPresent(), "a clean session keeps nothing");
    }

    @Test
    void aSendByPublishIsStoredBeforeItsPubAck() throws Exception {
        MqttClient client = connected("alice", "phone", true, new Inbox());
        client.publish("inbox/bob", "{\"body\":\"hello over mqtt\"}".getBytes(StandardCharsets.UTF_8), 1, false);
        // publish(QoS 1) returns once the PUBACK came: by then the message is in bob's inbox.
        JsonNode inbox = server.inbox("bob");
        assertEquals(1, inbox.size());
        assertEquals("alice", inbox.get(0).path("from").asText());
        assertEquals("hello over mqtt", inbox.get(0).path("body").asText());
        JsonNode sends = MqttServerFixture.JSON.readTree(server.server.statsJson()).path("send");
        assertEquals(1, sends.path("messages_delivered").asLong());
    }

    @Test
    void aRefusedSendClosesAn311Connection() throws Exception {
        Inbox inbox = new Inbox();
        MqttClient client = connected("alice", "phone", true, inbox);
        assertThrows(MqttException.class, () ->
                client.publish("inbox/bob", "not json".getBytes(StandardCharsets.UTF_8), 1, false));
        Await.until(() -> !client.isConnected(), WAIT, "the connection closed after a refused send");
        assertEquals(0, server.inbox("bob").size());
    }

    private long stat(String key) {
        try {
            return server.stats().path(key).asLong();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
