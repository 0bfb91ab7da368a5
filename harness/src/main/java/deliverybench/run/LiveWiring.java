package deliverybench.run;

import deliverybench.client.ClientContext;
import deliverybench.measure.DeliveryLedger;
import deliverybench.schedule.NanoClock;
import deliverybench.strategy.Strategy;
import io.undertow.connector.ByteBufferPool;
import org.xnio.XnioWorker;

import java.io.IOException;

/** The real outside world: clients and sender on the driver's one XNIO worker, {@code /stats} over HTTP. */
final class LiveWiring implements Wiring {

    private final RunConfig config;
    private final Strategy strategy;
    private final ServerTarget target;
    private final XnioWorker worker;
    private final ByteBufferPool pool;
    private final ClientContext clients;

    LiveWiring(RunConfig config, Strategy strategy, ServerTarget target, XnioWorker worker, ByteBufferPool pool) {
        this.config = config;
        this.strategy = strategy;
        this.target = target;
        this.worker = worker;
        this.pool = pool;
        this.clients = new ClientContext(worker, pool, target.http(), target.ports(), config.pollIntervalMs(),
                config.pollWaitSeconds(), config.contract() >= 2);
    }

    @Override
    public ClientContext clients() {
        return clients;
    }

    @Override
    public String secret() {
        return target.secret();
    }

    @Override
    public Sender sender(DeliveryLedger ledger, String[] users, String token, int payloadBytes)
            throws IOException, InterruptedException {
        if (config.sendVia() == SendVia.CONNECTION && strategy.carriesSends()) {
            return new ConnectionSender(strategy, clients, config.senderConnections(), config.senderPipeline(),
                    NanoClock.SYSTEM, ledger, users, token, payloadBytes);
        }
        return new HttpSender(worker, target.http(), config.senderConnections(), config.senderPipeline(), NanoClock.SYSTEM,
                ledger, users, token, payloadBytes);
    }

    @Override
    public ServerProbe server() {
        return new PatientProbe(new ServerStatsClient(target.http()));
    }
}
