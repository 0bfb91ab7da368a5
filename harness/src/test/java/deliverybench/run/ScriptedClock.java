package deliverybench.run;

import deliverybench.schedule.RunClock;

import java.util.PriorityQueue;

/**
 * A clock for a whole run on scripted time: it stands still until someone sleeps, then jumps to each
 * scheduled event in turn, running it, and on to the time slept for. One thread drives it.
 */
final class ScriptedClock implements RunClock {

    private record Event(long atNs, long order, Runnable action) {
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.atNs() != b.atNs()
            ? Long.compare(a.atNs(), b.atNs()) : Long.compare(a.order(), b.order()));
    private long now = 1_000_000_000L;
    private long order;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepUntil(long until) {
        while (!events.isEmpty() && events.peek().atNs() - until <= 0) {
            Event next = events.poll();
            now = Math.max(now, next.atNs());
            next.action().run();
        }
        now = Math.max(now, until);
    }

    /** Runs {@code action} when the clock reaches {@code delayNs} from now. */
    void after(long delayNs, Runnable action) {
        events.add(new Event(now + delayNs, order++, action));
    }
}
