package deliverybench.cluster;

/**
 * The names in Redis. A user's keys and channel share the hash tag {@code {user}}, so that in a Redis
 * Cluster they live in one slot and one script may touch them all.
 */
final class Keys {

    private final String prefix;

    Keys(String namespace) {
        this.prefix = namespace + ":";
    }

    String epoch() {
        return prefix + "epoch";
    }

    String seq(String user) {
        return prefix + "{" + user + "}:seq";
    }

    String inbox(String user) {
        return prefix + "{" + user + "}:inbox";
    }

    /** A resumable XMPP stream's record (XEP-0198), beside the user's inbox. */
    String stream(String user, String id) {
        return prefix + "{" + user + "}:sm:" + id;
    }

    /** The sorted set of the gateways holding the user (map routing), scored by when each entry expires. */
    String presence(String user) {
        return prefix + "{" + user + "}:at";
    }

    /** The user's sharded channel (channel routing). */
    String userChannel(String user) {
        return prefix + "{" + user + "}:ch";
    }

    /** The one channel every gateway reads (broadcast routing). */
    String broadcastChannel() {
        return prefix + "all";
    }

    /** Where a gateway's channel name starts (map routing): the prefix, then its id. */
    String gatewayChannelPrefix() {
        return prefix + "gw:";
    }
}
