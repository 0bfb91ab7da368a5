package deliverybench.cluster;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Channel: the gateway subscribes to a sharded channel per user it holds, and a send publishes to
 * the user's channel, so Redis's own subscription table is the uid -> gateway map. A gateway that
 * dies takes its subscriptions with its connection; nothing expires. The user's channel is in the
 * user's slot, so on a Redis Cluster the append script publishes it from the user's own shard.
 */
final class ChannelRouter implements Router {

    private final RedisLink link;
    private final Keys keys;

    ChannelRouter(RedisLink link, Keys keys) {
        this.link = link;
        this.keys = keys;
    }

    @Override
    public void start() {
    }

    @Override
    public CompletionStage<Void> route(UserFeed feed) {
        synchronized (feed) {
            if (!feed.routed()) {
                // The subscription's reply comes back on the same connection as every later message: once
                // it is in, every SPUBLISH to the channel reaches this gateway.
                feed.route = link.ssubscribe(keys.userChannel(feed.user)).toCompletableFuture();
            }
            return feed.route;
        }
    }

    @Override
    public String publishChannel(String user) {
        return keys.userChannel(user);
    }

    @Override
    public String scriptRouting() {
        return Routing.CHANNEL.key();
    }

    @Override
    public void upkeep(List<UserFeed> active, long nowNanos) {
    }

    @Override
    public void withdraw(UserFeed feed) {
        link.sunsubscribe(keys.userChannel(feed.user));
    }

    @Override
    public void resubscribe(Collection<UserFeed> feeds) {
        String[] channels = feeds.stream().filter(UserFeed::routed).map(feed -> keys.userChannel(feed.user))
                .toArray(String[]::new);
        if (channels.length > 0) {
            link.ssubscribe(channels);
        }
    }

    @Override
    public long entries(Collection<UserFeed> feeds) {
        return feeds.stream().filter(UserFeed::routed).count();
    }
}
