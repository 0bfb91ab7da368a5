package deliverybench.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bad-input storm: workers that each send one {@link BadInput} after another, every kind in turn
 * from their own first one, with random content, on connections of their own, until the time is up. Bounded in time and in connections (at
 * most twenty per worker at once).
 */
public final class Storm {

    /** What was sent, by kind, and what the server answered, summarized ("http 400", "tcp ERROR 413", "closed"). */
    public record Tally(Map<String, Long> sentByKind, Map<String, Long> answers, long connectFailures) {

        public long sent() {
            return sentByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Aim aim;
    private final Map<BadInput, LongAdder> sent = new EnumMap<>(BadInput.class);
    private final ConcurrentHashMap<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final LongAdder connectFailures = new LongAdder();

    /** @param tokens valid tokens of several users: the storm is what an attacker with accounts can do */
    public Storm(InetSocketAddress http, InetSocketAddress tcp, List<String> tokens) {
        this.aim = new Aim(http, tcp, List.copyOf(tokens));
        for (BadInput kind : BadInput.values()) {
            sent.put(kind, new LongAdder());
        }
    }

    /** Runs {@code workers} threads for {@code duration}, each sending at least one input; returns when every one has stopped. */
    public Tally run(Duration duration, int workers, long seed) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 0; i < workers; i++) {
            SplittableRandom random = seeds.split();
            // The workers start spread over the kinds: with as many workers as kinds, each kind is sent at least once.
            int first = i * BadInput.values().length / workers;
            Thread thread = new Thread(() -> work(random, first, deadline), "storm-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return tally();
    }

    private void work(SplittableRandom random, int first, long deadline) {
        BadInput[] kinds = BadInput.values();
        int next = first;
        do {
            BadInput kind = kinds[next++ % kinds.length];
            try {
                String answer = kind.send(aim, random);
                sent.get(kind).increment();
                answers.computeIfAbsent(answer, a -> new LongAdder()).increment();
            } catch (IOException e) {
                // Could not connect or write at all: the server, or this machine, ran out of something.
                connectFailures.increment();
            }
        } while (System.nanoTime() - deadline < 0);
    }

    private Tally tally() {
        Map<String, Long> byKind = new TreeMap<>();
        sent.forEach((kind, count) -> byKind.put(name(kind), count.sum()));
        Map<String, Long> answered = new TreeMap<>();
        answers.forEach((answer, count) -> answered.put(answer, count.sum()));
        return new Tally(byKind, answered, connectFailures.sum());
    }

    /** The kind's name as printed: {@code http-random-bytes}. */
    public static String name(BadInput kind) {
        return kind.name().toLowerCase().replace('_', '-');
    }

    /** How many kinds of bad input there are: with at least as many workers, a storm sends every kind. */
    public static int kindCount() {
        return BadInput.values().length;
    }

    /** Every kind by name with what it sends, for the report. */
    public static Map<String, String> kinds() {
        Map<String, String> kinds = new TreeMap<>();
        for (BadInput kind : BadInput.values()) {
            kinds.put(name(kind), kind.label());
        }
        return kinds;
    }
}
