package deliverybench.cluster;

import deliverybench.store.Message;
import deliverybench.store.Subscriber;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** One user as this gateway knows it: its subscribers here, when it was last active, and its route (presence or subscription). */
final class UserFeed {

    final String user;
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private volatile long lastActiveNanos;
    // Guarded by this: the route that makes Redis send this user's notifications here, and when it was placed.
    CompletableFuture<Void> route;
    long routedAtNanos;

    UserFeed(String user, long nowNanos) {
        this.user = user;
        this.lastActiveNanos = nowNanos;
    }

    void touch(long nowNanos) {
        lastActiveNanos = nowNanos;
    }

    /** No subscriber here, and none for {@code lingerNanos}: its route may go. */
    boolean idle(long nowNanos, long lingerNanos) {
        return followers.isEmpty() && nowNanos - lastActiveNanos >= lingerNanos;
    }

    void add(Follower follower) {
        followers.add(follower);
    }

    void remove(Follower follower, long nowNanos) {
        followers.remove(follower);
        lastActiveNanos = nowNanos;
    }

    Follower find(Subscriber subscriber) {
        for (Follower follower : followers) {
            if (follower.subscriber() == subscriber) {
                return follower;
            }
        }
        return null;
    }

    /** Offers a notification to every subscriber here; false when there was none (the notification was wasted). */
    boolean offer(Message message) {
        if (followers.isEmpty()) {
            return false;
        }
        for (Follower follower : followers) {
            follower.offer(message);
        }
        return true;
    }

    void resync() {
        followers.forEach(Follower::resync);
    }

    List<Follower> followers() {
        return followers;
    }

    /** True when a route is in place or being placed. */
    synchronized boolean routed() {
        return route != null && !route.isCompletedExceptionally();
    }
}
