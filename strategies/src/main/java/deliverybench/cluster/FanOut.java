package deliverybench.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * A send to several recipients: one {@link InboxScripts#APPEND_ALL} per primary among their slots (on one
 * Redis, one script), where sending each copy alone costs one APPEND per recipient. A group the script
 * refuses untouched (a slot moved since the slot map was read) is sent recipient by recipient instead.
 */
final class FanOut {

    static final RedisLink.Script APPEND_ALL = new RedisLink.Script(InboxScripts.APPEND_ALL);
    /** ARGV of {@link InboxScripts#APPEND_ALL} before the recipients', and per recipient. */
    private static final int COMMON_ARGS = 5;
    private static final int ARGS_PER_RECIPIENT = 6;

    /** APPEND_ALL scripts sent. */
    final LongAdder scripts = new LongAdder();
    /** Of those, refused untouched (a key not on the node), their recipients then sent one by one. */
    final LongAdder refused = new LongAdder();

    private final RedisMessageStore store;
    private final RedisLink link;
    private final Keys keys;
    private final Router router;
    private final EpochWatch epoch;
    private final int retention;

    FanOut(RedisMessageStore store, RedisLink link, Keys keys, Router router, EpochWatch epoch, int retention) {
        this.store = store;
        this.link = link;
        this.keys = keys;
        this.router = router;
        this.epoch = epoch;
        this.retention = retention;
    }

    /** One copy to each of {@code to}; completes with their seqs in the order given. */
    CompletionStage<long[]> appendAll(List<String> to, String from, String body) {
        long[] seqs = new long[to.size()];
        Map<String, List<Integer>> byPrimary = new LinkedHashMap<>();
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (int i = 0; i < to.size(); i++) {
            String primary = link.primaryOf(keys.slot(to.get(i)));
            if (primary == null) {
                // No primary in this gateway's slot map: the one-recipient path fails or finds it as it does alone.
                each.add(one(to, i, seqs, from, body));
            } else {
                byPrimary.computeIfAbsent(primary, p -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> group : byPrimary.values()) {
            each.add(group.size() == 1 ? one(to, group.get(0), seqs, from, body) : script(to, group, seqs, from, body));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> seqs);
    }

    private CompletableFuture<Void> one(List<String> to, int index, long[] seqs, String from, String body) {
        return store.append(to.get(index), from, body).thenAccept(seq -> seqs[index] = seq).toCompletableFuture();
    }

    private CompletableFuture<Void> script(List<String> to, List<Integer> group, long[] seqs, String from, String body) {
        String[] args = new String[COMMON_ARGS + ARGS_PER_RECIPIENT * group.size()];
        args[0] = epoch.candidate();
        args[1] = Integer.toString(retention);
        args[2] = from;
        args[3] = body;
        args[4] = router.scriptRouting();
        int at = COMMON_ARGS;
        for (int index : group) {
            String user = to.get(index);
            args[at++] = keys.epochOf(user);
            args[at++] = keys.seq(user);
            args[at++] = keys.inbox(user);
            args[at++] = keys.presence(user);
            args[at++] = user;
            args[at++] = router.publishChannel(user);
        }
        String first = to.get(group.get(0));
        scripts.increment();
        return link.script(APPEND_ALL, new String[] {keys.epochOf(first)}, args).thenCompose(answer -> {
            if (answer.get(0) instanceof String) {
                // {"moved", error}: the script wrote nothing, so each copy is sent once, alone.
                refused.increment();
                List<CompletableFuture<Void>> again = new ArrayList<>(group.size());
                for (int index : group) {
                    again.add(one(to, index, seqs, from, body));
                }
                return CompletableFuture.allOf(again.toArray(CompletableFuture[]::new));
            }
            // One WAIT covers the whole script: it ran on the primary of the first recipient's slot.
            return store.replicated(first, answer).thenAccept(all -> split(to, group, seqs, from, body, all));
        }).toCompletableFuture();
    }

    /** The answer is, per recipient, the length of APPEND's answer and that answer: each handled as APPEND's. */
    private void split(List<String> to, List<Integer> group, long[] seqs, String from, String body, List<Object> all) {
        int at = 0;
        for (int index : group) {
            int length = (int) (long) (Long) all.get(at);
            String user = to.get(index);
            seqs[index] = store.stored(user, keys.slot(user), from, body, all.subList(at + 1, at + 1 + length));
            at += 1 + length;
        }
    }
}
