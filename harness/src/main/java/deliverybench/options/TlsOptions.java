package deliverybench.options;

import picocli.CommandLine.Option;

/** Whether the run's servers and clients speak TLS, and whether a reconnecting client resumes its session. */
public final class TlsOptions extends Group {

    /** {@code --tls-resume}'s values. */
    public enum Resume { ON, OFF }

    @Option(names = "--tls", description = "Spawn every server with TLS (serve --tls, with a certificate the driver makes) "
            + "and make every client and the sender speak it, trusting that certificate only.")
    boolean tls;

    @Option(names = "--tls-resume", defaultValue = "on", paramLabel = "on|off", description = "With --tls: a "
            + "reconnecting client resumes its TLS session (on, the default) or makes a full handshake every time (off).")
    Resume resume = Resume.ON;

    void validate(boolean external) {
        require(tls || resume == Resume.ON, "--tls-resume off needs --tls");
        require(!tls || !external, "--tls spawns its servers with a certificate of the driver's; it does not apply to --server");
    }

    public boolean on() { return tls; }
    public boolean resume() { return resume == Resume.ON; }
}
