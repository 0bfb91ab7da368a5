package deliverybench.client.heartbeat;

import java.util.PriorityQueue;

/** Timers on scripted time: nothing moves until {@link #advanceTo}, which runs each due timer at its own time. */
final class ScriptedTimers implements Timers {

    private record Entry(long atNs, long order, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> a.atNs() != b.atNs()
            ? Long.compare(a.atNs(), b.atNs()) : Long.compare(a.order(), b.order()));
    private long now;
    private long order;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Timer after(long delayNs, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Entry(now + delayNs, order++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Timers still waiting. */
    int pending() {
        return (int) queue.stream().filter(e -> !e.cancelled()[0]).count();
    }

    void advanceTo(long atNs) {
        while (!queue.isEmpty() && queue.peek().atNs() <= atNs) {
            Entry next = queue.poll();
            now = next.atNs();
            if (!next.cancelled()[0]) {
                next.task().run();
            }
        }
        now = Math.max(now, atNs);
    }

    /** Runs {@code action} at {@code atNs} (a scripted event, not a heartbeat's timer). */
    void at(long atNs, Runnable action) {
        queue.add(new Entry(atNs, order++, action, new boolean[]{false}));
    }
}
