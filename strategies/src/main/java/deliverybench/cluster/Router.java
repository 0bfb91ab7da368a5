package deliverybench.cluster;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** One of the three ways a send on one gateway reaches the gateways that hold its user ({@link Routing}). */
interface Router {

    /** Subscribes to what the gateway reads for its whole life; fails when Redis cannot be reached. */
    void start();

    /**
     * Makes sure Redis sends the user's notifications to this gateway; completes once it does, so
     * that a read issued after it cannot miss a message appended after the read.
     */
    CompletionStage<Void> route(UserFeed feed);

    /** The channel argument of the append script for a message to {@code user}. */
    String publishChannel(String user);

    /** The routing argument of the append script: how it publishes (see {@link InboxScripts#APPEND}). */
    String scriptRouting();

    /**
     * The append script stored a message and answered {@code answer}: publishes what the script could not
     * (on a cluster, channels of other slots than the recipient's). {@code note} is the notification.
     */
    default void published(String note, List<Object> answer) {
    }

    /** Whether {@link #published} has anything to do (on a cluster, for map and broadcast). */
    default boolean publishesAfterScript() {
        return false;
    }

    /** Periodic upkeep: refresh what must be refreshed for the users still held here. */
    void upkeep(List<UserFeed> active, long nowNanos);

    /**
     * The user left this gateway: withdraws its route. Called while the feed is being removed, so that the
     * withdrawal is on the wire before any new route a returning user places (one connection, in order).
     */
    void withdraw(UserFeed feed);

    /** The subscription connection came back: subscribe again to what it held. */
    void resubscribe(Collection<UserFeed> feeds);

    /** This gateway's entries in the uid -> gateway map (its presence entries, or its user channels). */
    long entries(Collection<UserFeed> feeds);
}
