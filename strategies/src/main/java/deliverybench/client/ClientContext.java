package deliverybench.client;

import deliverybench.client.h2.H2Client;
import deliverybench.client.heartbeat.HeartbeatCounters;
import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.tls.ClientTls;
import io.netty.channel.EventLoopGroup;
import io.undertow.connector.ByteBufferPool;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every client of a run shares: the one XNIO worker and buffer pool of the driver, the server's
 * addresses, the workload knobs a client needs, and the connection counters.
 */
public final class ClientContext {

    private final XnioWorker worker;
    private final ByteBufferPool pool;
    // Where this context's clients (re)connect: moved when their gateway dies (run --chaos kill-gateway).
    private volatile URI http;
    private volatile Map<String, Integer> ports;
    private final int pollIntervalMs;
    private final int pollWaitSeconds;
    private final boolean epochs;
    final LongAdder connected;
    final LongAdder reconnects;
    private final LongAdder gone;
    private final LongAdder errors;
    private final LongAdder resent;
    private final ClientTls tls;
    private final EventLoopGroup h2Loops;
    private final H2Client h2;
    private final HeartbeatPolicy heartbeat;
    private final HeartbeatCounters heartbeats;

    /**
     * @param ports  the server's listeners by name ({@code tcp}), beside its HTTP base
     * @param epochs contract v2: resume with the server's epoch; false: resume as a v1 client, with after alone
     */
    public ClientContext(XnioWorker worker, ByteBufferPool pool, URI http, Map<String, Integer> ports,
                         int pollIntervalMs, int pollWaitSeconds, boolean epochs) {
        this(worker, pool, http, ports, pollIntervalMs, pollWaitSeconds, epochs, new LongAdder(), new LongAdder(),
                new LongAdder(), new LongAdder(), new LongAdder(), null, null, HeartbeatPolicy.NONE, new HeartbeatCounters());
    }

    private ClientContext(XnioWorker worker, ByteBufferPool pool, URI http, Map<String, Integer> ports,
                          int pollIntervalMs, int pollWaitSeconds, boolean epochs, LongAdder connected,
                          LongAdder reconnects, LongAdder gone, LongAdder errors, LongAdder resent, ClientTls tls, EventLoopGroup h2Loops,
                          HeartbeatPolicy heartbeat, HeartbeatCounters heartbeats) {
        this.tls = tls;
        this.h2Loops = h2Loops;
        this.h2 = h2Loops == null ? null : new H2Client(h2Loops, tls);
        this.heartbeat = heartbeat;
        this.heartbeats = heartbeats;
        this.connected = connected;
        this.reconnects = reconnects;
        this.gone = gone;
        this.errors = errors;
        this.resent = resent;
        this.worker = worker;
        this.pool = pool;
        this.http = http;
        this.ports = Map.copyOf(ports);
        this.pollIntervalMs = pollIntervalMs;
        this.pollWaitSeconds = pollWaitSeconds;
        this.epochs = epochs;
    }

    /** The same clients' context for another server (another gateway of a cluster), counting into the same counters. */
    public ClientContext on(URI otherHttp, Map<String, Integer> otherPorts) {
        return new ClientContext(worker, pool, otherHttp, otherPorts, pollIntervalMs, pollWaitSeconds, epochs, connected,
                reconnects, gone, errors, resent, tls, h2Loops, heartbeat, heartbeats);
    }

    /** The same clients over TLS (null: plaintext): every connection they open trusts only {@code tls}'s certificate. */
    public ClientContext withTls(ClientTls tls) {
        return new ClientContext(worker, pool, http, ports, pollIntervalMs, pollWaitSeconds, epochs, connected,
                reconnects, gone, errors, resent, tls, h2Loops, heartbeat, heartbeats);
    }

    /**
     * The same clients speaking HTTP/2 on {@code loops} ({@code run --http2}; null: HTTP/1.1) wherever they speak
     * HTTP: polls, SSE and streaming, each device on one connection. Other protocols are unchanged.
     */
    public ClientContext withHttp2(EventLoopGroup loops) {
        return new ClientContext(worker, pool, http, ports, pollIntervalMs, pollWaitSeconds, epochs, connected,
                reconnects, gone, errors, resent, tls, loops, heartbeat, heartbeats);
    }

    /** The same clients with a heartbeat on every push connection ({@link HeartbeatPolicy#NONE}: none). */
    public ClientContext withHeartbeat(HeartbeatPolicy policy) {
        return new ClientContext(worker, pool, http, ports, pollIntervalMs, pollWaitSeconds, epochs, connected,
                reconnects, gone, errors, resent, tls, h2Loops, policy, heartbeats);
    }

    /** The push clients' heartbeat. */
    public HeartbeatPolicy heartbeat() {
        return heartbeat;
    }

    /** What their heartbeats did. */
    public HeartbeatCounters heartbeats() {
        return heartbeats;
    }

    /** The clients' TLS, or null when they speak plaintext. */
    public ClientTls tls() {
        return tls;
    }

    /** The clients' HTTP/2 client, or null when they speak HTTP/1.1. */
    public H2Client http2() {
        return h2;
    }

    /** The loops of the HTTP/2 client, or null; for a sender of the same run. */
    public EventLoopGroup http2Loops() {
        return h2Loops;
    }

    /** {@code ws://} or {@code wss://} and the server's host and HTTP port. */
    public String webSocketBase() {
        URI base = http;
        return (tls == null ? "ws://" : "wss://") + base.getHost() + ":" + base.getPort();
    }

    /** Opens a connection to {@code server} on {@code thread}, under TLS when the clients use it. */
    public IoFuture<StreamConnection> open(XnioIoThread thread, InetSocketAddress server, OptionMap options) {
        return tls == null ? thread.openStreamConnection(server, null, options) : tls.open(thread, server, options);
    }

    /** From now on, this context's clients connect to another server: what a load balancer does when one dies. */
    public void retarget(URI otherHttp, Map<String, Integer> otherPorts) {
        this.ports = Map.copyOf(otherPorts);
        this.http = otherHttp;
    }

    public XnioWorker worker() {
        return worker;
    }

    public ByteBufferPool pool() {
        return pool;
    }

    public URI http() {
        return http;
    }

    /** The address of the server's listener by that name; fails when the server has none. */
    public InetSocketAddress address(String listener) {
        Map<String, Integer> known = ports;
        Integer port = known.get(listener);
        if (port == null) {
            throw new IllegalStateException("the server has no '" + listener + "' listener; it has " + known.keySet());
        }
        return new InetSocketAddress(http.getHost(), port);
    }

    public int pollIntervalMs() {
        return pollIntervalMs;
    }

    public int pollWaitSeconds() {
        return pollWaitSeconds;
    }

    public boolean epochs() {
        return epochs;
    }

    /** {@code &epoch=<e>} for a v2 client, nothing for a v1 one. */
    public String epochParameter(ReceivingDevice device) {
        return epochs ? "&epoch=" + device.epoch() : "";
    }

    /** Clients connected now. */
    public long connected() {
        return connected.sum();
    }

    /** Reconnects after a connection was lost. */
    public long reconnects() {
        return reconnects.sum();
    }

    /** Times a client was told its {@code after} or epoch was gone (410). */
    public long gone() {
        return gone.sum();
    }

    /** Unexpected answers and errors seen by clients. */
    public long errors() {
        return errors.sum();
    }

    /** A client's connection is up (the shared {@link Reconnector} counts its own; a client without one calls this). */
    public void countConnected() {
        connected.increment();
    }

    /** A client's connection went down. */
    public void countDisconnected() {
        connected.decrement();
    }

    public void countGone() {
        gone.increment();
    }

    /** A message the device already had came again (a stream that could not resume started over); it was skipped. */
    public void countResent() {
        resent.increment();
    }

    /** Messages that reached a device again and were skipped there, as counted by {@link #countResent}. */
    public long resent() {
        return resent.sum();
    }

    public void countError() {
        errors.increment();
    }
}
