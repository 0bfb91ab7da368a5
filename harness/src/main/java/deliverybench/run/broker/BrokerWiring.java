package deliverybench.run.broker;

import deliverybench.client.ClientContext;
import deliverybench.measure.DeliveryLedger;
import deliverybench.run.send.ConnectionSender;
import deliverybench.options.RunOptions;
import deliverybench.run.send.Sender;
import deliverybench.run.server.StatsReader;
import deliverybench.run.Wiring;
import deliverybench.schedule.NanoClock;
import deliverybench.strategy.mqtt.BrokerReference;
import deliverybench.strategy.mqtt.MqttPush;
import io.undertow.connector.ByteBufferPool;
import org.xnio.XnioWorker;

import java.net.URI;
import java.util.Map;

/**
 * The outside world of a run against an external broker: the devices and the sender are MQTT clients
 * of the broker's port, the sender on one link so that each recipient's numbered messages reach the
 * broker in order, and the broker's counters come from {@link BrokerStatsReader}.
 */
public final class BrokerWiring implements Wiring {

    private final RunOptions config;
    private final BrokerReference broker;
    private final Mosquitto process;
    private final ClientContext clients;
    private final String secret;

    public BrokerWiring(RunOptions config, BrokerReference broker, Mosquitto process, String secret, XnioWorker worker,
                        ByteBufferPool pool) {
        this.config = config;
        this.broker = broker;
        this.process = process;
        this.secret = secret;
        // No HTTP here: the base only names the host the MQTT port is on.
        this.clients = new ClientContext(worker, pool, URI.create("http://127.0.0.1:0"),
                Map.of(MqttPush.LISTENER, process.port()), config.workload().pollIntervalMs(), config.workload().pollWaitSeconds(), false);
    }

    @Override
    public ClientContext clients() {
        return clients;
    }

    @Override
    public String secret() {
        return secret;
    }

    @Override
    public Sender sender(DeliveryLedger ledger, String[] users, String token, int payloadBytes) {
        return new ConnectionSender(broker, clients, 1, config.sending().senderPipeline(), NanoClock.SYSTEM, ledger, users, token,
                payloadBytes);
    }

    @Override
    public StatsReader server() {
        return new BrokerStatsReader(broker, process);
    }
}
