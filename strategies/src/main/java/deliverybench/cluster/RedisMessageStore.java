package deliverybench.cluster;

import com.fasterxml.jackson.core.JsonGenerator;
import deliverybench.core.stats.StatsSection;
import deliverybench.store.InboxPosition;
import deliverybench.store.Message;
import deliverybench.store.MessageStore;
import deliverybench.store.ReadResult;
import deliverybench.store.StreamRecords;
import deliverybench.store.Subscriber;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The inboxes in Redis, shared by every gateway of a cluster: seq, append, trim and notification in
 * one script, so any gateway answers any read and a gateway's restart loses nothing. Subscribers on
 * this gateway are fed from notifications routed by one of the three {@link Routing}s, each gap read
 * back from the inbox.
 */
public final class RedisMessageStore implements MessageStore, StatsSection, AutoCloseable {

    /** How long a user keeps its route (presence entry, subscription) after its last subscriber here left. */
    static final long LINGER_MS = 5_000;
    private static final long UPKEEP_MS = 1_000;
    private static final RedisLink.Script APPEND = new RedisLink.Script(InboxScripts.APPEND);
    private static final RedisLink.Script READ = new RedisLink.Script(InboxScripts.READ);
    private static final RedisLink.Script CURRENT_EPOCH = new RedisLink.Script(InboxScripts.CURRENT_EPOCH);
    private static final RedisLink.Script SHARD_EPOCHS = new RedisLink.Script(InboxScripts.SHARD_EPOCHS);

    private final ClusterConfig config;
    private final int retention;
    private final Keys keys;
    private final EpochWatch epoch;
    private final RedisLink link;
    private final Router router;
    private final RedisStreamRecords streamRecords;
    private final FanOut fanOut;
    private final ConcurrentHashMap<String, UserFeed> feeds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService upkeep = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "deliverybench-redis-upkeep");
        thread.setDaemon(true);
        return thread;
    });
    private final LongAdder reads = new LongAdder();
    private final LongAdder routedIn = new LongAdder();
    private final LongAdder routedDropped = new LongAdder();
    private final Follower.Inbox inboxForFollowers = new Follower.Inbox() {
        @Override
        public CompletionStage<ReadResult> read(String user, long after, int limit) {
            return RedisMessageStore.this.read(user, after, limit);
        }

        @Override
        public void later(Runnable task, long delayMs) {
            upkeep.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        }
    };

    private RedisMessageStore(ClusterConfig config, int retention) {
        if (retention < 1) {
            throw new IllegalArgumentException("retention must be at least 1, was " + retention);
        }
        this.config = config;
        this.retention = retention;
        this.keys = new Keys(config.namespace(), config.isRedisCluster());
        this.epoch = new EpochWatch(keys.epochCount(), this::epochChanged);
        this.link = RedisLink.connect(config, this::notified, this::resubscribed);
        this.streamRecords = new RedisStreamRecords(link, keys);
        long timeoutMs = config.timeout().toMillis();
        this.router = switch (config.routing()) {
            case MAP -> new MapRouter(link, keys, config.gatewayId(), epoch, timeoutMs);
            case BROADCAST -> new BroadcastRouter(link, keys, timeoutMs, config.classicBroadcast());
            case CHANNEL -> new ChannelRouter(link, keys);
        };
        this.fanOut = new FanOut(this, link, keys, router, epoch, retention);
        try {
            router.start();
            readEpochs(timeoutMs);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Redis at " + config.redis() + " did not answer: " + e.getMessage(), e);
        }
        upkeep.scheduleWithFixedDelay(this::upkeep, UPKEEP_MS, UPKEEP_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads every epoch, so that {@link #epoch(String)} never waits: on one Redis the one key; on a
     * cluster one script per primary, over the epoch keys of all its slots.
     */
    private void readEpochs(long timeoutMs) throws Exception {
        link.load(CURRENT_EPOCH, APPEND, READ, FanOut.APPEND_ALL).toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
        String candidate = epoch.candidate();
        if (!link.cluster()) {
            epoch.observe(0, link.script(CURRENT_EPOCH, new String[] {keys.epoch(0)}, candidate)
                    .toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS).get(0));
            return;
        }
        int covered = 0;
        for (List<Integer> slots : link.slotsByPrimary()) {
            String[] args = slots.stream().map(keys::epoch).toArray(String[]::new);
            String[] first = {args[0]};
            args[0] = candidate;
            List<Object> answer = link.script(SHARD_EPOCHS, first, args).toCompletableFuture()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            for (int i = 0; i < slots.size(); i++) {
                epoch.observe(slots.get(i), answer.get(i));
            }
            covered += slots.size();
        }
        if (covered != keys.epochCount()) {
            throw new IllegalStateException("the cluster's primaries serve " + covered + " of " + keys.epochCount() + " slots");
        }
    }

    /**
     * Connects to Redis and joins the cluster; fails at once (a {@code RedisConnectionException} or
     * {@link IllegalStateException}) when Redis cannot be reached.
     */
    public static RedisMessageStore connect(ClusterConfig config, int retention) {
        return new RedisMessageStore(config, retention);
    }

    @Override
    public CompletionStage<Long> append(String to, String from, String body) {
        int slot = keys.slot(to);
        String[] keyNames = {keys.epoch(slot), keys.seq(to), keys.inbox(to), keys.presence(to)};
        return link.script(APPEND, keyNames, epoch.candidate(), Integer.toString(retention), from, body, to,
                        router.scriptRouting(), router.publishChannel(to))
                .thenCompose(answer -> replicated(to, answer))
                .thenApply(answer -> stored(to, slot, from, body, answer));
    }

    /**
     * Several recipients: on a cluster one script per primary among their slots, on one Redis one script
     * ({@link FanOut}); each copy answered, routed and replicated as a one-recipient send's.
     */
    @Override
    public CompletionStage<long[]> appendAll(List<String> to, String from, String body) {
        return to.size() < 2 ? MessageStore.super.appendAll(to, from, body) : fanOut.appendAll(to, from, body);
    }

    /** What follows APPEND's {@code answer} for a copy to {@code to}: the epoch seen, the routing after the script. */
    long stored(String to, int slot, String from, String body, List<Object> answer) {
        epoch.observe(slot, answer.get(0));
        long seq = (Long) answer.get(1);
        if (router.publishesAfterScript()) {
            router.published(answer.get(0) + "\n" + to + "\n" + seq + "\n" + from + "\n" + body, answer);
        }
        return seq;
    }

    /**
     * {@code WAIT} for {@code --redis-wait} replicas after a send's script, on the connection that ran it; fewer
     * within half the Redis timeout fail the send (503): stored on the primary, but not known to survive it.
     * Without {@code --redis-wait}, the answer at once.
     */
    CompletionStage<List<Object>> replicated(String to, List<Object> answer) {
        if (config.redisWait() == 0) {
            return CompletableFuture.completedFuture(answer);
        }
        long waitMs = Math.max(1, config.timeout().toMillis() / 2);
        return link.waitForReplicas(keys.seq(to), config.redisWait(), waitMs).thenApply(acked -> {
            if (acked < config.redisWait()) {
                throw new IllegalStateException("the send reached " + acked + " of " + config.redisWait()
                        + " replicas within " + waitMs + " ms (--redis-wait)");
            }
            return answer;
        });
    }

    @Override
    public CompletionStage<ReadResult> read(String user, long after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        reads.increment();
        return readScript(user, after, limit);
    }

    @Override
    public CompletionStage<ReadResult> readOrWait(String user, long after, int limit, Subscriber waiter) {
        return register(user, after, limit, waiter, true);
    }

    @Override
    public CompletionStage<ReadResult> readAndFollow(String user, long after, int limit, Subscriber subscriber) {
        return register(user, after, limit, subscriber, false);
    }

    @Override
    public void unsubscribe(String user, Subscriber subscriber) {
        UserFeed feed = feeds.get(user);
        Follower follower = feed == null ? null : feed.find(subscriber);
        if (follower != null) {
            follower.stop();
            feed.remove(follower, System.nanoTime());
        }
    }

    @Override
    public CompletionStage<InboxPosition> position(String user) {
        return readScript(user, 0, 0).thenApply(read -> new InboxPosition(read.oldestSeq(), read.highestSeq()));
    }

    /** The epoch of one Redis; on a cluster, slot 0's (each slot has its own: {@link #epoch(String)}). */
    @Override
    public long epoch() {
        return epoch.current(0);
    }

    @Override
    public long epoch(String user) {
        return epoch.current(keys.slot(user));
    }

    @Override
    public Optional<StreamRecords> sharedStreamRecords() {
        return Optional.of(streamRecords);
    }

    @Override
    public long storeReads() {
        return reads.sum();
    }

    @Override
    public long subscribers() {
        long total = 0;
        for (UserFeed feed : feeds.values()) {
            total += feed.followers().size();
        }
        return total;
    }

    /** Reads, and registers the subscriber in the same step as far as any sender can tell (see {@link Router#route}). */
    private CompletionStage<ReadResult> register(String user, long after, int limit, Subscriber subscriber,
                                                 boolean onlyWhenEmpty) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        reads.increment();
        long now = System.nanoTime();
        UserFeed feed = feeds.compute(user, (u, known) -> {
            UserFeed found = known == null ? new UserFeed(u, now) : known;
            found.touch(now);
            return found;
        });
        // Registered before the route and the read, closed: notifications that beat the read's answer are held.
        Follower follower = new Follower(user, subscriber, inboxForFollowers, gone -> feed.remove(gone, System.nanoTime()));
        feed.add(follower);
        CompletableFuture<ReadResult> answer = new CompletableFuture<>();
        router.route(feed).thenCompose(routed -> readScript(user, after, limit)).whenComplete((read, error) -> {
            if (error != null) {
                follower.stop();
                feed.remove(follower, System.nanoTime());
                answer.completeExceptionally(error);
                return;
            }
            boolean subscribe = !read.gone() && (onlyWhenEmpty ? read.isEmpty() : read.messages().size() < limit);
            if (!subscribe) {
                follower.stop();
                feed.remove(follower, System.nanoTime());
            }
            answer.complete(new ReadResult(read.messages(), read.highestSeq(), read.oldestSeq(), read.gone(), subscribe));
            if (subscribe) {
                // Only now, after the read's stage completed, is the subscriber handed anything.
                follower.open(read.isEmpty() ? after : read.messages().get(read.messages().size() - 1).seq());
            }
        });
        return answer;
    }

    private CompletionStage<ReadResult> readScript(String user, long after, int limit) {
        int slot = keys.slot(user);
        String[] keyNames = {keys.epoch(slot), keys.seq(user), keys.inbox(user)};
        return link.script(READ, keyNames, epoch.candidate(), Long.toString(after), Integer.toString(limit))
                .thenApply(answer -> {
                    epoch.observe(slot, answer.get(0));
                    long highest = (Long) answer.get(1);
                    long oldest = (Long) answer.get(2);
                    if ((Long) answer.get(3) == 1) {
                        return ReadResult.gone(highest, oldest);
                    }
                    long first = Math.max(after + 1, oldest);
                    List<Message> messages = new ArrayList<>(answer.size() - 4);
                    for (int i = 4; i < answer.size(); i++) {
                        String item = (String) answer.get(i);
                        int newline = item.indexOf('\n');
                        messages.add(new Message(first + i - 4, item.substring(0, newline), item.substring(newline + 1)));
                    }
                    return new ReadResult(List.copyOf(messages), highest, oldest, false, false);
                });
    }

    /** A notification: {@code epoch \n user \n seq \n from \n body}. */
    private void notified(String note) {
        routedIn.increment();
        int a = note.indexOf('\n');
        int b = note.indexOf('\n', a + 1);
        int c = note.indexOf('\n', b + 1);
        int d = note.indexOf('\n', c + 1);
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            return;
        }
        String user = note.substring(a + 1, b);
        epoch.observe(keys.slot(user), note.substring(0, a));
        UserFeed feed = feeds.get(user);
        Message message = new Message(Long.parseLong(note.substring(b + 1, c)), note.substring(c + 1, d),
                note.substring(d + 1));
        if (feed == null || !feed.offer(message)) {
            routedDropped.increment();
        }
    }

    private void resubscribed() {
        router.resubscribe(feeds.values());
        feeds.values().forEach(UserFeed::resync);
    }

    /** Epoch {@code index} changed: its users' subscribers lost their place (on a cluster, one slot's users only). */
    private void epochChanged(int index) {
        for (UserFeed feed : feeds.values()) {
            if (keys.slot(feed.user) != index) {
                continue;
            }
            for (Follower follower : feed.followers()) {
                follower.lose();
            }
        }
    }

    private void upkeep() {
        try {
            long now = System.nanoTime();
            long lingerNs = TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
            List<UserFeed> active = new ArrayList<>();
            for (String user : feeds.keySet()) {
                UserFeed kept = feeds.computeIfPresent(user, (u, feed) -> {
                    if (feed.idle(now, lingerNs)) {
                        // Inside the removal: a registration for this user waits until the withdrawal is sent.
                        router.withdraw(feed);
                        return null;
                    }
                    return feed;
                });
                if (kept != null) {
                    active.add(kept);
                }
            }
            router.upkeep(active, now);
            if (!link.cluster()) {
                // On a cluster a slot's lost epoch is noticed by the next script in that slot (a send, a read, a heartbeat).
                link.script(CURRENT_EPOCH, new String[] {keys.epoch(0)}, epoch.candidate())
                        .thenAccept(answer -> epoch.observe(0, answer.get(0)));
            }
        } catch (RuntimeException e) {
            // Redis refused (down, or its queue is full): the next round tries again.
        }
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart(ClusterStatsKeys.CLUSTER);
        json.writeStringField(ClusterStatsKeys.GATEWAY_ID, config.gatewayId());
        json.writeStringField(ClusterStatsKeys.ROUTING, config.routing().key());
        json.writeNumberField(ClusterStatsKeys.REDIS_COMMANDS, link.commandsSent());
        json.writeNumberField(ClusterStatsKeys.REDIS_SCRIPTS, link.scriptsSent());
        json.writeNumberField(ClusterStatsKeys.FANOUT_SCRIPTS, fanOut.scripts.sum());
        json.writeNumberField(ClusterStatsKeys.FANOUT_REFUSED, fanOut.refused.sum());
        json.writeNumberField(ClusterStatsKeys.REDIS_BYTES_IN, link.bytesIn());
        json.writeNumberField(ClusterStatsKeys.REDIS_BYTES_OUT, link.bytesOut());
        json.writeNumberField(ClusterStatsKeys.ROUTED_IN, routedIn.sum());
        json.writeNumberField(ClusterStatsKeys.ROUTED_DROPPED, routedDropped.sum());
        json.writeNumberField(ClusterStatsKeys.PRESENCE_ENTRIES, router.entries(feeds.values()));
        json.writeEndObject();
    }

    public ClusterConfig config() {
        return config;
    }

    @Override
    public void close() {
        upkeep.shutdownNow();
        link.close();
    }
}
