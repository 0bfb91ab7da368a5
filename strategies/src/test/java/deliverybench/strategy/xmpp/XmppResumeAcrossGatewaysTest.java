package deliverybench.strategy.xmpp;

import deliverybench.cluster.ClusterConfig;
import deliverybench.cluster.RedisMessageStore;
import deliverybench.cluster.Routing;
import deliverybench.cluster.local.LocalRedis;
import deliverybench.core.ServerConfig;
import deliverybench.server.DeliveryServer;
import deliverybench.strategy.Strategies;
import deliverybench.testkit.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * XEP-0198 resume across two gateways on one real redis-server: a stream enabled on one gateway resumes on
 * the other while the first has not even noticed that its connection is dead, with nothing sent twice and
 * nothing lost; the first gateway's late close cannot undo the move.
 */
@Tag("redis")
class XmppResumeAcrossGatewaysTest {

    private static LocalRedis redis;
    private static TestServer first;
    private static TestServer second;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start(null);
        first = gateway("g0");
        second = gateway("g1");
    }

    private static TestServer gateway(String id) throws Exception {
        ServerConfig config = ServerConfig.forTests(TestServer.SECRET);
        RedisMessageStore store = RedisMessageStore.connect(new ClusterConfig(redis.uri(), id, Routing.MAP,
                ClusterConfig.DEFAULT_TIMEOUT, "xr"), config.retention());
        return new TestServer(DeliveryServer.start(config, Strategies.all(), store), store);
    }

    @AfterAll
    static void stop() throws Exception {
        first.close();
        second.close();
        redis.close();
    }

    @Test
    void resumesOnAnotherGatewayWithNothingTwiceAndNothingLost() throws Exception {
        String user = "x-moving";
        String previd;
        RawXmppClient onFirst = new RawXmppClient(first.server.port(XmppPush.LISTENER));
        onFirst.authenticate(user, first.token(user));
        previd = onFirst.bindAndEnable(user, "phone");
        for (int i = 1; i <= 5; i++) {
            first.sendMessage("x-from", user, "m" + i);
            onFirst.expect("id='" + i + "' type='chat'><body>m" + i + "</body>");
        }
        // The first gateway saw an ack for 2; the device handled 3 before its path to that gateway died.
        onFirst.write("<a xmlns='urn:xmpp:sm:3' h='2'/>");
        try (RawXmppClient onSecond = new RawXmppClient(second.server.port(XmppPush.LISTENER))) {
            onSecond.authenticate(user, second.token(user));
            onSecond.write("<resume xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='3'/>");
            // 4 and 5 again (the device never acknowledged them), right after <resumed/>; never 1 to 3.
            onSecond.expect("<resumed xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='0' epoch='\\d+'/>"
                    + message(user, 4) + message(user, 5));
            second.sendMessage("x-from", user, "m6");
            onSecond.expect("\\G" + message(user, 6));
            // A stanza that is no message (stanza 7) and one handled from the client: what h alone cannot tell.
            onSecond.write("<iq type='get' id='q1'><query xmlns='jabber:iq:version'/></iq>");
            onSecond.expect("\\G<iq type='error' id='q1'>.*?</iq>");
            second.sendMessage("x-from", user, "m7");
            onSecond.expect("\\G" + message(user, 7));
            onSecond.write("<a xmlns='urn:xmpp:sm:3' h='5'/>");
            // Only now does the first gateway see its connection close: its record write must not win.
            onFirst.close();
            first.awaitOpen("xmpp", 0);
        }
        second.awaitOpen("xmpp", 0);
        second.sendMessage("x-from", user, "m8");
        try (RawXmppClient again = new RawXmppClient(first.server.port(XmppPush.LISTENER))) {
            again.authenticate(user, first.token(user));
            // Eight stanzas handled: messages 1 to 6, the iq error, message 7.
            again.write("<resume xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='8'/>");
            again.expect("<resumed xmlns='urn:xmpp:sm:3' previd='" + previd + "' h='1' epoch='\\d+'/>" + message(user, 8));
        }
    }

    /** The pushed message of that seq, exactly as the contract spells it. */
    private static String message(String user, int seq) {
        return "<message from='x-from@deliverybench' to='" + user + "@deliverybench/phone' id='" + seq
                + "' type='chat'><body>m" + seq + "</body></message>";
    }
}
