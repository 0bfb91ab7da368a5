package deliverybench.options;

import picocli.CommandLine.Option;

/**
 * The run's wire: whether its servers and clients speak TLS, whether a reconnecting client resumes its session, and
 * whether HTTP goes as HTTP/2.
 */
public final class TlsOptions extends Group {

    /** {@code --tls-resume}'s values. */
    public enum Resume { ON, OFF }

    @Option(names = "--tls", description = "Spawn every server with TLS (serve --tls, with a certificate the driver makes) "
            + "and make every client and the sender speak it, trusting that certificate only.")
    boolean tls;

    @Option(names = "--tls-resume", defaultValue = "on", paramLabel = "on|off", description = "With --tls: a "
            + "reconnecting client resumes its TLS session (on, the default) or makes a full handshake every time (off).")
    Resume resume = Resume.ON;

    @Option(names = "--http2", description = "Spawn every server with serve --http2 and make the HTTP clients speak "
            + "HTTP/2 (h2 by ALPN with --tls, h2c with prior knowledge without): each device's polls, SSE or stream on one "
            + "connection, each request a stream; the HTTP sender's lanes too. Strategies with a protocol of their own "
            + "(WebSocket, TCP, MQTT, XMPP) run as before.")
    boolean http2;

    void validate(boolean external) {
        require(tls || resume == Resume.ON, "--tls-resume off needs --tls");
        require(!tls || !external, "--tls spawns its servers with a certificate of the driver's; it does not apply to --server");
    }

    public boolean on() { return tls; }
    public boolean resume() { return resume == Resume.ON; }
    public boolean http2() { return http2; }

    /** For the run's title: "TLS", "HTTP/2 (h2c)", "TLS, HTTP/2 (h2)", or empty for plaintext HTTP/1.1. */
    public String describe() {
        return describe(tls, http2);
    }

    /** The same for a run's recorded options (the report's heading). */
    public static String describe(boolean tls, boolean http2) {
        String h2 = http2 ? "HTTP/2 (" + (tls ? "h2" : "h2c") + ")" : "";
        return tls ? (http2 ? "TLS, " + h2 : "TLS") : h2;
    }
}
