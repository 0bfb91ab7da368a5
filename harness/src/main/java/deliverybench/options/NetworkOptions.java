package deliverybench.options;

import deliverybench.client.heartbeat.HeartbeatPolicy;
import deliverybench.link.LinkProfile;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The network the devices are on: an emulated link in the driver that every client and the sender go through. */
public final class NetworkOptions extends Group {

    @Option(names = "--network", description = "Put every client connection on an emulated link: loopback (the layer, "
            + "nothing emulated), wifi, lte, 3g, edge, satellite, starlink, or rtt=80ms,jitter=10ms,down=10mbit,up=2mbit,loss=0.5%% "
            + "(docs/network.md: each preset's source). Default: no link, plain loopback.")
    String network;

    @Option(names = "--sender-network", description = "The sender's link, as --network (default: the same as --network, "
            + "as in a chat between two phones).")
    String senderNetwork;

    @Option(names = "--nat-idle", converter = DurationConverter.class, description = "A relayed connection that carried no "
            + "byte either way for this long is forgotten silently, as a carrier NAT does: no FIN, no RST, later bytes "
            + "vanish both ways (needs --network).")
    Duration natIdle;

    @Option(names = "--heartbeat", description = "Every push client proves its connection alive: DURATION (a fixed "
            + "interval), adaptive (WeChat's: 4.5 min, 60 s longer while the connection survives, back after a loss, at "
            + "most 10 min) or adaptive/N (the same N times faster). WebSocket ping, TCP PING, MQTT PINGREQ, XMPP <r/>; "
            + "SSE and streaming ask the server for a keep-alive at the interval. Unanswered within --heartbeat-deadline: "
            + "the connection is dead, and the client reconnects and resumes. Default: none.")
    String heartbeat;

    @Option(names = "--heartbeat-deadline", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long a heartbeat's answer (or a stream's keep-alive, after its interval) may take before "
            + "the connection counts as dead (default: ${DEFAULT-VALUE}).")
    Duration heartbeatDeadline;

    private transient LinkProfile profile;
    private transient HeartbeatPolicy heartbeatPolicy;
    private transient LinkProfile senderProfile;

    void validate() {
        profile = network == null ? null : LinkProfile.parse(network);
        senderProfile = senderNetwork == null ? profile : LinkProfile.parse(senderNetwork);
        require(network != null || senderNetwork == null, "--sender-network needs --network (the receivers' link)");
        require(natIdle == null || network != null, "--nat-idle acts on the emulated link: add --network");
        require(natIdle == null || natIdle.toMillis() >= 10, "--nat-idle is at least 10ms");
        require(heartbeatDeadline.toMillis() >= 10, "--heartbeat-deadline is at least 10ms");
        heartbeatPolicy = parseHeartbeat(heartbeat, heartbeatDeadline);
    }

    /** {@code --heartbeat}: none, a duration, adaptive, or adaptive/N. */
    static HeartbeatPolicy parseHeartbeat(String value, Duration deadline) {
        if (value == null || value.equals("none")) {
            return HeartbeatPolicy.NONE;
        }
        if (value.equals("adaptive")) {
            return HeartbeatPolicy.adaptive(deadline);
        }
        if (value.startsWith("adaptive/")) {
            try {
                return HeartbeatPolicy.adaptive(deadline).fasterBy(Double.parseDouble(value.substring("adaptive/".length())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--heartbeat adaptive/N: N is a factor of at least 1, was " + value);
            }
        }
        Duration interval = new DurationConverter().convert(value);
        require(interval.toMillis() >= 100, "--heartbeat is at least 100ms (the server's shortest keep-alive), was " + value);
        return HeartbeatPolicy.fixed(interval, deadline);
    }

    /** Whether connections go through the emulated link at all. */
    public boolean enabled() { return network != null; }
    /** The receivers' link; null without --network. */
    public LinkProfile profile() { return profile != null || network == null ? profile : LinkProfile.parse(network); }
    /** The sender's link; null without --network. */
    public LinkProfile senderProfile() {
        return senderProfile != null || network == null ? senderProfile
                : senderNetwork == null ? profile() : LinkProfile.parse(senderNetwork);
    }
    /** The push clients' heartbeat; {@link HeartbeatPolicy#NONE} without --heartbeat. */
    public HeartbeatPolicy heartbeat() {
        return heartbeatPolicy != null ? heartbeatPolicy : parseHeartbeat(heartbeat, heartbeatDeadline);
    }

    /** 0 when the NAT never forgets. */
    public long natIdleNs() { return natIdle == null ? 0 : natIdle.toNanos(); }

    /** For titles: "on lte", "on lte (sender on wifi)", "on lte, NAT forgets after 30s". */
    public String describe() {
        if (!enabled()) {
            return heartbeat == null ? "" : "heartbeat " + heartbeat;
        }
        String text = "on " + profile();
        if (!senderProfile().equals(profile())) {
            text += " (sender on " + senderProfile() + ")";
        }
        text = natIdle == null ? text : text + ", NAT forgets idle connections after "
                + deliverybench.results.DurationText.format(natIdle);
        return heartbeat == null ? text : text + ", heartbeat " + heartbeat;
    }
}
