package deliverybench.run;

import deliverybench.run.send.ConnectionSender;
import deliverybench.run.send.HttpSender;
import deliverybench.run.send.Sender;
import deliverybench.run.server.RetryingStatsReader;
import deliverybench.run.server.StatsReader;
import deliverybench.run.server.HttpStatsReader;
import deliverybench.run.server.ServerTarget;
import deliverybench.options.SendVia;
import deliverybench.options.RunOptions;
import deliverybench.client.ClientContext;
import deliverybench.measure.DeliveryLedger;
import deliverybench.schedule.NanoClock;
import deliverybench.strategy.Strategy;
import io.undertow.connector.ByteBufferPool;
import org.xnio.XnioWorker;

import java.io.IOException;

/** The real outside world: clients and sender on the driver's one XNIO worker, {@code /stats} over HTTP. */
final class ServerWiring implements Wiring {

    private final RunOptions config;
    private final Strategy strategy;
    private final ServerTarget target;
    private final ServerTarget senderTarget;
    private final XnioWorker worker;
    private final ByteBufferPool pool;
    private final ClientContext clients;

    ServerWiring(RunOptions config, Strategy strategy, ServerTarget target, XnioWorker worker, ByteBufferPool pool) {
        this(config, strategy, target, target, target, worker, pool);
    }

    /**
     * @param clientTarget where the receivers connect (the server, or the link relay in front of it: run --network)
     * @param senderTarget where the sender connects
     */
    ServerWiring(RunOptions config, Strategy strategy, ServerTarget target, ServerTarget clientTarget,
                 ServerTarget senderTarget, XnioWorker worker, ByteBufferPool pool) {
        this.config = config;
        this.strategy = strategy;
        this.target = target;
        this.senderTarget = senderTarget;
        this.worker = worker;
        this.pool = pool;
        this.clients = new ClientContext(worker, pool, clientTarget.http(), clientTarget.ports(), config.workload().pollIntervalMs(),
                config.workload().pollWaitSeconds(), config.workload().contract() >= 2).withTls(target.tls())
                .withHeartbeat(config.network().heartbeat());
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
        if (config.sending().sendVia() == SendVia.CONNECTION && strategy.carriesSends()) {
            return new ConnectionSender(strategy, clients.on(senderTarget.http(), senderTarget.ports()), config.sending().senderConnections(), config.sending().senderPipeline(),
                    NanoClock.SYSTEM, ledger, users, token, payloadBytes);
        }
        return new HttpSender(worker, senderTarget.http(), target.tls(), config.sending().senderConnections(), config.sending().senderPipeline(), NanoClock.SYSTEM,
                ledger, users, token, payloadBytes);
    }

    @Override
    public StatsReader server() {
        return new RetryingStatsReader(new HttpStatsReader(target));
    }
}
