package deliverybench.cli;

import java.util.Map;

/**
 * Named workloads for {@code run --scenario}: each sets the options it names; options given on
 * the command line win.
 */
enum Scenario {
    /** The default: about a minute, every strategy, a workload where the differences are clear. */
    QUICK(Map.of()),
    /** Short and stable for CI: constant arrivals, so the machine-independent metrics barely move. */
    CI(Map.of("--clients", "100", "--rate", "50", "--arrival", "constant", "--duration", "5s", "--warmup", "2s",
            "--poll-interval", "500ms", "--poll-wait", "10s", "--seed", "1")),
    /**
     * The A/B gate's round (deliverybench ab): a rate where the server's CPU per message is mostly the request path
     * rather than fixed upkeep, WebSocket alone (its sends take the HTTP request path, its deliveries the push
     * path), measured only once the server's JIT is quiet: a window opened while C2 still compiles measures tier-3
     * code, which a C1-only server beats.
     */
    GATE(Map.of("--strategy", "websocket", "--clients", "100", "--rate", "2000", "--arrival", "constant",
            "--duration", "5s", "--warmup", "3s", "--warmup-max", "20s", "--seed", "1")),
    /** Few clients and slow rates, with the naive scan long poll too, so that each number can be explained. */
    CLASSROOM(Map.of("--strategy", "every", "--clients", "20",
            "--rate", "2", "--duration", "20s", "--warmup", "2s", "--poll-interval", "2s", "--poll-wait", "10s")),
    /** Moderate chaos for a long time (10 minutes per strategy unless --duration says otherwise), ending in the verdicts. */
    SOAK(Map.of("--clients", "1000", "--rate", "200", "--duration", "10m", "--warmup", "5s",
            "--chaos", "drop=0.01,pause=1s@60s", "--grace", "5s")),
    /** Each strategy's capacity at the quick scenario's shape: how far it goes before p99 passes 50 ms. */
    CAPACITY(Map.of("--find-capacity", "true", "--duration", "10s", "--warmup", "2s", "--start-rate", "500")),
    /**
     * The cost model (--cost-model) on a grid this 2-core box sweeps for every strategy in about ten minutes: 8 s
     * windows, each opened once the JIT is quiet, whose CPU per second is what the fit needs (in 4 s windows some tens
     * of ms of CPU a point spends whatever its length weighed enough to fit long poll, SSE and MQTT negative idle
     * costs). Long poll waits 4 s: each point connects fresh clients, and with the default 30 s wait no wait ran out
     * inside a window, so its idle part (one request per client per wait) was never measured; an 8 s window holds
     * exactly two waits of every idle client, wherever it opens.
     */
    COST(Map.of("--cost-model", "true", "--cost-clients", "200,2000", "--cost-rates", "50,500,2000",
            "--duration", "8s", "--poll-wait", "4s", "--warmup", "2s", "--warmup-max", "12s", "--arrival", "constant")),
    /** Groups of 100: each message to 100 of 1,000 users, so that a strategy's cost per copy shows. */
    FANOUT(Map.of("--clients", "1000", "--fanout", "100", "--rate", "20", "--duration", "10s", "--warmup", "3s")),
    /** 10,000 receivers at 1,000 messages per second: what each strategy costs at scale. */
    SCALE(Map.of("--clients", "10000", "--rate", "1000", "--duration", "30s", "--warmup", "5s")),
    /**
     * The push strategies' tail at 10,000 connections and 1,000 msg/s, about two minutes: the guard for
     * work that grows with the connections (a sweep, a scan, a pause), which 200 clients never show.
     */
    /**
     * A phone on LTE behind a carrier NAT, 100 times faster: the NAT forgets a connection idle 3 s (a carrier's 5 min
     * / 100), WeChat's adaptive heartbeat /100 (2.7 s, +0.6 s while it survives, at most 6 s) probes past it and
     * finds the drop, the client resumes. Long poll waits 2 s (under the NAT), the sender's one connection is never
     * idle (constant arrivals), each device hears a message about every 5 s.
     */
    MOBILE(Map.ofEntries(Map.entry("--network", "lte"), Map.entry("--nat-idle", "3s"),
            Map.entry("--heartbeat", "adaptive/100"), Map.entry("--heartbeat-deadline", "1s"),
            Map.entry("--clients", "50"), Map.entry("--rate", "10"), Map.entry("--arrival", "constant"),
            Map.entry("--sender-connections", "1"), Map.entry("--poll-wait", "2s"), Map.entry("--duration", "12s"),
            Map.entry("--warmup", "2s"))),
    CONNECTIONS(Map.of("--strategy", "websocket,tcp", "--clients", "10000", "--rate", "1000", "--duration", "10s",
            "--warmup", "3s", "--warmup-max", "20s"));

    private final Map<String, String> options;

    Scenario(Map<String, String> options) {
        this.options = options;
    }

    Map<String, String> options() {
        return options;
    }
}
