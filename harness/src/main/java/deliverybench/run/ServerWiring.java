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
import deliverybench.strategy.Transport;
import deliverybench.client.h2.H2Client;
import io.netty.channel.EventLoopGroup;
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
    private XnioWorker sendWorker;
    private final ByteBufferPool pool;
    private final ClientContext clients;
    private final EventLoopGroup h2Loops;
    private RadioSample radio;

    ServerWiring(RunOptions config, Strategy strategy, ServerTarget target, XnioWorker worker, ByteBufferPool pool) {
        this(config, strategy, target, target, target, worker, pool, null);
    }

    /**
     * @param clientTarget where the receivers connect (the server, or the link relay in front of it: run --network)
     * @param senderTarget where the sender connects
     * @param h2Loops      the loops of the run's HTTP/2 connections ({@code --http2}), null for HTTP/1.1
     */
    ServerWiring(RunOptions config, Strategy strategy, ServerTarget target, ServerTarget clientTarget,
                 ServerTarget senderTarget, XnioWorker worker, ByteBufferPool pool, EventLoopGroup h2Loops) {
        this.config = config;
        this.strategy = strategy;
        this.target = target;
        this.senderTarget = senderTarget;
        this.worker = worker;
        this.pool = pool;
        this.clients = new ClientContext(worker, pool, clientTarget.http(), clientTarget.ports(), config.workload().pollIntervalMs(),
                config.workload().pollWaitSeconds(), config.workload().contract() >= 2).withTls(target.tls())
                // HTTP/2 only where the strategy speaks HTTP: a WebSocket upgrade stays HTTP/1.1.
                .withHttp2(strategy.transport() == Transport.HTTP ? h2Loops : null)
                .withHeartbeat(config.network().heartbeat());
        this.h2Loops = h2Loops;
    }

    /** Records the sample's devices at the link (run --radio); null: none. */
    /** Sends over HTTP on this worker's I/O thread instead of the receivers' (the run's real-time send lane). */
    ServerWiring sendingOn(XnioWorker sending) {
        this.sendWorker = sending;
        return this;
    }

    ServerWiring recording(RadioSample sample) {
        this.radio = sample;
        return this;
    }

    @Override
    public ClientContext clients() {
        return clients;
    }

    @Override
    public ClientContext clients(int deviceIndex) {
        if (radio == null || !radio.sampled(deviceIndex)) {
            return clients;
        }
        try {
            ServerTarget at = radio.target(deviceIndex);
            return clients.on(at.http(), at.ports());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public RadioSample radio() {
        return radio;
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
        HttpSender.Wire wire = new HttpSender.Wire(target.tls(),
                h2Loops == null ? null : new H2Client(h2Loops, target.tls()),
                sendWorker != null && config.sending().realtimeSending(config.workload().ratePerSecond()));
        return new HttpSender(sendWorker == null ? worker : sendWorker, senderTarget.http(), wire, config.sending().senderConnections(),
                config.sending().senderPipeline(), NanoClock.SYSTEM, ledger, users, token, payloadBytes);
    }

    @Override
    public StatsReader server() {
        return new RetryingStatsReader(new HttpStatsReader(target));
    }
}
