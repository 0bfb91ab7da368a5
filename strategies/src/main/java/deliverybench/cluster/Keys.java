package deliverybench.cluster;

import io.lettuce.core.cluster.SlotHash;

/**
 * The names in Redis. A user's keys and channel share the hash tag {@code {user}}, so that in a Redis
 * Cluster they live in one slot and one script may touch them all. The epoch is one key on one Redis,
 * and one key per slot on a cluster (tagged so that it hashes to that slot): a send touches only its
 * recipient's slot, and a shard that lost its data names new epochs for its own slots only.
 */
final class Keys {

    /** Broadcast on a cluster: the sharded channels the notifications are spread over, each on its own slot. */
    static final int BROADCAST_PARTITIONS = 16;

    private final String prefix;
    private final boolean cluster;

    Keys(String namespace, boolean cluster) {
        this.prefix = namespace + ":";
        this.cluster = cluster;
    }

    /** The slot of a user's keys (on one Redis: 0, its one epoch). */
    int slot(String user) {
        return cluster ? SlotHash.getSlot("{" + user + "}") : 0;
    }

    /** How many epochs there are: one per slot on a cluster, else one. */
    int epochCount() {
        return cluster ? SlotHash.SLOT_COUNT : 1;
    }

    /** The epoch key of epoch {@code index} (a slot on a cluster). */
    String epoch(int index) {
        return cluster ? prefix + "{" + SlotTags.TAGS[index] + "}:epoch" : prefix + "epoch";
    }

    /** The epoch key in the user's slot. */
    String epochOf(String user) {
        return epoch(slot(user));
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

    /** The one classic channel every gateway reads (broadcast routing on one Redis). */
    String broadcastChannel() {
        return prefix + "all";
    }

    /** Broadcast on a cluster: the sharded channel of partition {@code p}, {@code db:all:{p}}. */
    String broadcastPartition(int p) {
        return prefix + "all:{" + p + "}";
    }

    /** Broadcast on a cluster: the partition a user's notifications go to. */
    String broadcastChannelOf(String user) {
        return broadcastPartition(Math.floorMod(user.hashCode(), BROADCAST_PARTITIONS));
    }

    /** Where a gateway's channel name starts (map routing): the prefix, then its id. */
    String gatewayChannelPrefix() {
        return prefix + "gw:";
    }

    /** The gateway's own channel (map routing): classic on one Redis, sharded {@code db:gw:{id}} on a cluster. */
    String gatewayChannel(String gatewayId) {
        return cluster ? prefix + "gw:{" + gatewayId + "}" : prefix + "gw:" + gatewayId;
    }

    /** For each slot, a short string that hashes to it: the hash tag of that slot's epoch key. */
    private static final class SlotTags {
        static final String[] TAGS = new String[SlotHash.SLOT_COUNT];

        static {
            int filled = 0;
            for (int i = 0; filled < TAGS.length; i++) {
                String tag = Integer.toString(i, 36);
                int slot = SlotHash.getSlot(tag);
                if (TAGS[slot] == null) {
                    TAGS[slot] = tag;
                    filled++;
                }
            }
        }
    }
}
