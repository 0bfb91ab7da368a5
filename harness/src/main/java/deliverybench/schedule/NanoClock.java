package deliverybench.schedule;

/** The one clock of a run: sender and receiver share it, so {@code now - intended} needs no synchronisation. */
@FunctionalInterface
public interface NanoClock {

    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
