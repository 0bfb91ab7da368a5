package deliverybench.options;

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

    private transient LinkProfile profile;
    private transient LinkProfile senderProfile;

    void validate() {
        profile = network == null ? null : LinkProfile.parse(network);
        senderProfile = senderNetwork == null ? profile : LinkProfile.parse(senderNetwork);
        require(network != null || senderNetwork == null, "--sender-network needs --network (the receivers' link)");
        require(natIdle == null || network != null, "--nat-idle acts on the emulated link: add --network");
        require(natIdle == null || natIdle.toMillis() >= 10, "--nat-idle is at least 10ms");
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
    /** 0 when the NAT never forgets. */
    public long natIdleNs() { return natIdle == null ? 0 : natIdle.toNanos(); }

    /** For titles: "on lte", "on lte (sender on wifi)", "on lte, NAT forgets after 30s". */
    public String describe() {
        if (!enabled()) {
            return "";
        }
        String text = "on " + profile();
        if (!senderProfile().equals(profile())) {
            text += " (sender on " + senderProfile() + ")";
        }
        return natIdle == null ? text : text + ", NAT forgets idle connections after "
                + deliverybench.results.DurationText.format(natIdle);
    }
}
